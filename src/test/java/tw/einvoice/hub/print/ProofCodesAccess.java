package tw.einvoice.hub.print;

import java.awt.image.BufferedImage;

/** The left QR code of a rendered proof, for tests outside this package. */
public final class ProofCodesAccess {
    private ProofCodesAccess() {
    }

    public static String read(BufferedImage image) {
        return ProofCodes.read(image).left();
    }
}
