package tw.einvoice.hub.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the heap that survives garbage collection while a piece of work runs: live data, not garbage waiting
 * for a lazy collector, so it shows whether memory grows with the input. Start, run the work, {@link #close()}.
 */
public final class RetainedHeap implements AutoCloseable {

    private final long baseline;
    private final AtomicLong peak;
    private final Thread sampler;

    public RetainedHeap() {
        System.gc();
        baseline = now();
        peak = new AtomicLong(baseline);
        sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(now(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "retained-heap");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Heap in use right after the most recent collection, summed over the heap pools. */
    public static long now() {
        long used = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    public long baseline() {
        return baseline;
    }

    /** The highest retained heap seen so far. */
    public long peak() {
        return peak.get();
    }

    /** How far the retained heap rose over the baseline. */
    public long growth() {
        return Math.max(0, peak.get() - baseline);
    }

    @Override
    public void close() {
        sampler.interrupt();
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
