package tw.einvoice.hub.print;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;

/**
 * ESC/POS bytes for a proof: initialise, optional print density, the proof as raster bit images ({@code GS v 0})
 * scaled to the profile's dot width, feed and cut. A raster image rather than native text and QR commands: the
 * proof then looks the same on every printer, needs no CJK code page in the printer, and its codes keep the
 * module sizes the renderer checked with ZXing.
 */
public final class EscPos {

    static final byte ESC = 0x1B;
    static final byte GS = 0x1D;
    /** Printers buffer a limited number of raster rows; bands of this height print on every model we know. */
    static final int BAND_ROWS = 256;

    private EscPos() {
    }

    public static byte[] proof(BufferedImage proof, PrinterProfile profile) {
        BufferedImage scaled = scale(proof, profile.dots());
        ByteArrayOutputStream out = new ByteArrayOutputStream(scaled.getHeight() * profile.dots() / 8 + 64);
        out.writeBytes(new byte[]{ESC, '@'});
        if (profile.density() != null) {
            // GS ( K pL pH fn=49 m: print density, m 250..255 (lighter) 0 (standard) 1..6 (darker)
            out.writeBytes(new byte[]{GS, '(', 'K', 2, 0, 49, (byte) (int) profile.density()});
        }
        int widthBytes = profile.dots() / 8;
        for (int top = 0; top < scaled.getHeight(); top += BAND_ROWS) {
            int rows = Math.min(BAND_ROWS, scaled.getHeight() - top);
            out.writeBytes(new byte[]{GS, 'v', '0', 0, (byte) (widthBytes & 0xFF), (byte) (widthBytes >> 8),
                    (byte) (rows & 0xFF), (byte) (rows >> 8)});
            for (int y = top; y < top + rows; y++) {
                for (int xb = 0; xb < widthBytes; xb++) {
                    int b = 0;
                    for (int bit = 0; bit < 8; bit++) {
                        int grey = scaled.getRaster().getSample(xb * 8 + bit, y, 0);
                        if (grey < 128) {
                            b |= 0x80 >> bit;
                        }
                    }
                    out.write(b);
                }
            }
        }
        // ESC d n: feed n lines so the cut falls below the last line rather than through the QR codes
        out.writeBytes(new byte[]{ESC, 'd', (byte) (int) profile.feedLines()});
        out.writeBytes(profile.cutBytes());
        return out.toByteArray();
    }

    /** Grey image exactly {@code dots} wide; nearest neighbour keeps QR modules square and Code39 bars sharp. */
    static BufferedImage scale(BufferedImage source, int dots) {
        int height = (int) Math.round((double) source.getHeight() * dots / source.getWidth());
        BufferedImage scaled = new BufferedImage(dots, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(source, 0, 0, dots, height, null);
        } finally {
            g.dispose();
        }
        return scaled;
    }
}
