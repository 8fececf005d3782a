package tw.einvoice.hub.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A long run's memory over time: every few seconds the heap left after the latest garbage collection
 * ({@link RetainedHeap#now()}: live data, not garbage a lazy collector has not taken yet) and how many invoices were
 * done by then, drawn as a PNG (heap on the left axis, invoices/s over the interval on the right). A flat heap line
 * while the count climbs is what a soak must show.
 */
public final class HeapCurve implements AutoCloseable {

    /** One sample: seconds since the start, retained heap in MB, invoices done so far. */
    public record Sample(double seconds, double retainedMb, long done) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final long start = System.nanoTime();
    private final Thread sampler;
    private final LongSupplier done;

    /** Samples every {@code everyMillis} until closed; {@code done} is read at each sample (e.g. invoices confirmed). */
    public HeapCurve(long everyMillis, LongSupplier done) {
        this(everyMillis, done, null, null);
    }

    /**
     * As above, and redraws {@code heap.png} in {@code folder} every minute or so while it runs, so a long soak stopped
     * before its end still leaves its curve.
     */
    public HeapCurve(long everyMillis, LongSupplier done, Path folder, String title) {
        this.done = done;
        long redrawEvery = Math.max(1, 60_000 / Math.max(1, everyMillis));
        sampler = new Thread(() -> {
            long n = 0;
            while (!Thread.currentThread().isInterrupted()) {
                sample(done);
                if (folder != null && ++n % redrawEvery == 0 && samples().size() >= 3) {
                    try {
                        writePng(folder, title);
                    } catch (IOException | RuntimeException e) {
                        // a drawing that failed mid-run is drawn again at the next minute and at the end
                    }
                }
                try {
                    Thread.sleep(everyMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-curve");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample(LongSupplier done) {
        long n;
        try {
            n = done.getAsLong();
        } catch (RuntimeException e) {
            // the count's source (the database) is busy or gone at the end: a missing point, not a failed run
            return;
        }
        Sample s = new Sample((System.nanoTime() - start) / 1e9, RetainedHeap.now() / 1048576.0, n);
        synchronized (samples) {
            samples.add(s);
        }
    }

    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The highest retained heap sampled, in MB. */
    public double peakMb() {
        return samples().stream().mapToDouble(Sample::retainedMb).max().orElse(0);
    }

    /** Writes {@code heap.png} into {@code folder}; returns its path. */
    public Path writePng(Path folder, String title) throws IOException {
        Files.createDirectories(folder);
        List<Sample> points = samples();
        if (points.size() < 2) {
            throw new IOException("the heap curve needs two samples at least; the run was shorter than one interval");
        }
        double[] minutes = new double[points.size() - 1];
        double[] heap = new double[minutes.length];
        double[] rate = new double[minutes.length];
        for (int i = 1; i < points.size(); i++) {
            Sample previous = points.get(i - 1);
            Sample s = points.get(i);
            minutes[i - 1] = s.seconds() / 60;
            heap[i - 1] = s.retainedMb();
            rate[i - 1] = (s.done() - previous.done()) / Math.max(1e-3, s.seconds() - previous.seconds());
        }
        XYChart chart = new XYChartBuilder().width(1000).height(500).title(title).xAxisTitle("minutes").build();
        chart.setYAxisGroupTitle(0, "heap after GC (MB)");
        chart.setYAxisGroupTitle(1, "invoices confirmed / s");
        chart.getStyler().setYAxisMin(0, 0.0);
        chart.getStyler().setYAxisMin(1, 0.0);
        XYSeries h = chart.addSeries("heap after GC (MB)", minutes, heap);
        h.setMarker(SeriesMarkers.NONE);
        h.setYAxisGroup(0);
        XYSeries r = chart.addSeries("invoices confirmed / s", minutes, rate);
        r.setMarker(SeriesMarkers.NONE);
        r.setYAxisGroup(1);
        Path png = folder.resolve("heap.png");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        return png;
    }

    /**
     * Stops sampling and takes one last sample, so a run shorter than one interval still has its start and its end
     * (the count it finished with).
     */
    @Override
    public void close() {
        sampler.interrupt();
        try {
            sampler.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample(done);
    }
}
