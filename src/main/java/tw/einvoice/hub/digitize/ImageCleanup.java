package tw.einvoice.hub.digitize;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * The preprocessing a scan or phone photo needs before ZXing and Tesseract see it: grey, speckles out, contrast
 * stretched to the full range, and the skew measured and turned back.
 */
final class ImageCleanup {

    /** Beyond this a voucher is photographed sideways, which the 90° tries cover, not deskew. */
    private static final double MAX_SKEW_DEGREES = 6;

    private ImageCleanup() {
    }

    static BufferedImage grey(BufferedImage source) {
        if (source.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            return source;
        }
        BufferedImage grey = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grey.getWidth(), grey.getHeight());
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return grey;
    }

    /** 3×3 median: takes out salt-and-pepper noise and JPEG ringing without softening strokes as a blur would. */
    static BufferedImage median(BufferedImage grey) {
        int w = grey.getWidth();
        int h = grey.getHeight();
        Raster in = grey.getRaster();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster o = out.getRaster();
        int[] row0 = new int[w];
        int[] row1 = new int[w];
        int[] row2 = new int[w];
        int[] window = new int[9];
        for (int y = 0; y < h; y++) {
            in.getSamples(0, Math.max(0, y - 1), w, 1, 0, row0);
            in.getSamples(0, y, w, 1, 0, row1);
            in.getSamples(0, Math.min(h - 1, y + 1), w, 1, 0, row2);
            for (int x = 0; x < w; x++) {
                int l = Math.max(0, x - 1);
                int r = Math.min(w - 1, x + 1);
                window[0] = row0[l]; window[1] = row0[x]; window[2] = row0[r];
                window[3] = row1[l]; window[4] = row1[x]; window[5] = row1[r];
                window[6] = row2[l]; window[7] = row2[x]; window[8] = row2[r];
                java.util.Arrays.sort(window);
                o.setSample(x, y, 0, window[4]);
            }
        }
        return out;
    }

    /** Maps the 1st..99th percentile of grey to black..white: faded thermal paper and grey photos read as print. */
    static BufferedImage stretch(BufferedImage grey) {
        int[] histogram = new int[256];
        Raster in = grey.getRaster();
        int w = grey.getWidth();
        int h = grey.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            in.getSamples(0, y, w, 1, 0, row);
            for (int v : row) {
                histogram[v]++;
            }
        }
        long total = (long) w * h;
        int low = percentile(histogram, total, 0.01);
        int high = percentile(histogram, total, 0.99);
        if (high - low < 16) {
            return grey;
        }
        int[] map = new int[256];
        for (int v = 0; v < 256; v++) {
            map[v] = Math.max(0, Math.min(255, (v - low) * 255 / (high - low)));
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster o = out.getRaster();
        for (int y = 0; y < h; y++) {
            in.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                row[x] = map[row[x]];
            }
            o.setSamples(0, y, w, 1, 0, row);
        }
        return out;
    }

    /**
     * The skew of the text lines, in degrees: the angle whose horizontal projection of dark pixels is the most
     * peaked (lines of text give sharp peaks and gaps only when they run level).
     */
    static double skew(BufferedImage grey) {
        int step = Math.max(1, Math.max(grey.getWidth(), grey.getHeight()) / 600);
        Raster in = grey.getRaster();
        java.util.List<int[]> dark = new java.util.ArrayList<>();
        for (int y = 0; y < grey.getHeight(); y += step) {
            for (int x = 0; x < grey.getWidth(); x += step) {
                if (in.getSample(x, y, 0) < 128) {
                    dark.add(new int[]{x, y});
                }
            }
        }
        if (dark.size() < 50) {
            return 0;
        }
        double best = 0;
        double bestScore = -1;
        for (double angle = -MAX_SKEW_DEGREES; angle <= MAX_SKEW_DEGREES + 1e-9; angle += 0.25) {
            double t = Math.tan(Math.toRadians(angle));
            int[] bins = new int[grey.getHeight() + grey.getWidth() + 2];
            int offset = grey.getWidth() + 1;
            for (int[] p : dark) {
                int bin = (int) Math.round(p[1] - p[0] * t) / step + offset / step;
                if (bin >= 0 && bin < bins.length) {
                    bins[bin]++;
                }
            }
            double score = 0;
            for (int b : bins) {
                score += (double) b * b;
            }
            if (score > bestScore) {
                bestScore = score;
                best = angle;
            }
        }
        return best;
    }

    /** Turned by {@code degrees} about the centre onto a white page of the same size plus the corners. */
    static BufferedImage rotate(BufferedImage grey, double degrees) {
        if (Math.abs(degrees) < 0.01) {
            return grey;
        }
        double r = Math.toRadians(degrees);
        int w = grey.getWidth();
        int h = grey.getHeight();
        int nw = (int) Math.ceil(Math.abs(w * Math.cos(r)) + Math.abs(h * Math.sin(r)));
        int nh = (int) Math.ceil(Math.abs(h * Math.cos(r)) + Math.abs(w * Math.sin(r)));
        BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, nw, nh);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        AffineTransform t = new AffineTransform();
        t.translate(nw / 2.0, nh / 2.0);
        t.rotate(r);
        t.translate(-w / 2.0, -h / 2.0);
        g.drawImage(grey, t, null);
        g.dispose();
        return out;
    }

    /** Scaled so that the longer side is at least {@code minSide}: small phone crops give Tesseract too few pixels. */
    static BufferedImage atLeast(BufferedImage grey, int minSide) {
        int side = Math.max(grey.getWidth(), grey.getHeight());
        if (side >= minSide) {
            return grey;
        }
        double f = (double) minSide / side;
        BufferedImage out = new BufferedImage((int) (grey.getWidth() * f), (int) (grey.getHeight() * f), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(grey, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    private static int percentile(int[] histogram, long total, double share) {
        long target = (long) (total * share);
        long seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += histogram[v];
            if (seen > target) {
                return v;
            }
        }
        return 255;
    }
}
