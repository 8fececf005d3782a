package tw.einvoice.hub.digitize;

import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.print.PrintProperties;
import tw.einvoice.hub.print.ProofRenderer;
import tw.einvoice.hub.print.QrPayload;
import tw.einvoice.hub.rules.Ban;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Renders realistic vouchers with known fields for the accuracy benchmark and the tests: e-invoice proofs drawn by
 * {@code print}'s own renderer (real QR codes and barcode), three-part uniform invoices and cash-register receipts
 * in Noto Sans CJK TC; then spoiled as paper and phones spoil them: skew, blur, noise, JPEG artefacts, low contrast.
 * The same seed gives the same corpus.
 */
public final class VoucherCorpus {

    /** The MOF's public test key (the MOF's proof layout): our own proofs' verification field, not a secret. */
    private static final String QR_KEY = "F1A618ED8685B1A3B81E6CB6884617F4";
    private static final String[] GOODS = {"影印紙 A4", "碳粉匣", "辦公椅", "便當", "咖啡豆", "文具組", "清潔用品", "網路服務費", "停車費", "包裝材料"};
    private static final String[] COMPANIES = {"大同文具有限公司", "永豐辦公設備股份有限公司", "全家便利商店", "新北市物流有限公司", "台灣咖啡貿易行"};

    /**
     * One rendered voucher.
     *
     * @param truth    the fields as printed
     * @param file     the image file as a scanner or phone would give it (PNG or JPEG)
     * @param spoiling what was done to the clean rendering, for the benchmark's notes
     */
    public record Sample(String name, VoucherKind kind, VoucherFields truth, byte[] file, String spoiling) {
    }

    /** How hard the corpus is: CLEAN for tests that check the reading rules, REALISTIC for the benchmark. */
    public enum Spoiling { CLEAN, REALISTIC }

    private final Random random;
    private final Spoiling spoiling;
    private final ProofRenderer proofs = new ProofRenderer(PrintProperties.defaults());
    private final Font font;
    private final LocalDate latest;

    public VoucherCorpus(long seed, Spoiling spoiling, LocalDate latest) {
        this.random = new Random(seed);
        this.spoiling = spoiling;
        this.latest = latest;
        Font noto = new Font("Noto Sans CJK TC", Font.PLAIN, 12);
        this.font = noto.canDisplayUpTo("三聯式統一發票營業稅") == -1 ? noto : new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    }

    /** {@code count} vouchers, the kinds in turn: proof, three-part, receipt. */
    public List<Sample> samples(int count) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            VoucherKind kind = List.of(VoucherKind.E_INVOICE, VoucherKind.THREE_PART, VoucherKind.RECEIPT).get(i % 3);
            samples.add(sample(i, kind));
        }
        return samples;
    }

    public Sample sample(int i, VoucherKind kind) {
        LocalDate date = latest.minusDays(random.nextInt(120));
        String number = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)) + String.format("%08d", random.nextInt(100_000_000));
        String seller = ban(date);
        String buyer = kind == VoucherKind.THREE_PART || random.nextInt(3) > 0 ? ban(date) : null;
        long sales = 10 + random.nextInt(random.nextBoolean() ? 2_000 : 200_000);
        long tax = Math.round(sales * 0.05);
        VoucherFields truth = new VoucherFields(number, date, seller, buyer, sales, tax, sales + tax);
        BufferedImage clean = switch (kind) {
            case E_INVOICE -> proof(truth);
            case THREE_PART -> threePart(truth);
            default -> receipt(truth);
        };
        StringBuilder notes = new StringBuilder();
        BufferedImage spoilt = spoiling == Spoiling.CLEAN ? clean : spoil(clean, notes);
        boolean jpeg = spoiling == Spoiling.REALISTIC && random.nextInt(10) < 6;
        int quality = 40 + random.nextInt(50);
        if (jpeg) {
            notes.append("jpeg q").append(quality);
        }
        byte[] file = jpeg ? jpeg(spoilt, quality) : png(spoilt);
        String name = String.format("%04d-%s.%s", i, kind.name().toLowerCase(), jpeg ? "jpg" : "png");
        return new Sample(name, kind, truth, file, notes.toString().trim());
    }

    private String ban(LocalDate on) {
        while (true) {
            String ban = String.format("%08d", random.nextInt(100_000_000));
            if (Ban.isValid(ban, on)) {
                return ban;
            }
        }
    }

    private BufferedImage proof(VoucherFields f) {
        CanonicalInvoice invoice = new CanonicalInvoice();
        invoice.setSellerId(f.sellerId());
        invoice.setSeller(new CanonicalInvoice.Party(f.sellerId(), COMPANIES[random.nextInt(COMPANIES.length)], null, null, null));
        invoice.setInvoiceNumber(f.invoiceNumber());
        invoice.setRandomCode(String.format("%04d", random.nextInt(10_000)));
        invoice.setIssuedAt(OffsetDateTime.of(f.date(), LocalTime.of(8 + random.nextInt(12), random.nextInt(60)), ZoneOffset.ofHours(8)));
        invoice.setInvoiceType("07");
        invoice.setBuyer(new CanonicalInvoice.Party(f.buyerId() == null ? CanonicalInvoice.CONSUMER_BUYER_ID : f.buyerId(), null, null, null, null));
        invoice.setPrint(true);
        invoice.setTaxType("1");
        invoice.setTaxRate(new BigDecimal("0.05"));
        String good = GOODS[random.nextInt(GOODS.length)];
        invoice.setItems(List.of(new CanonicalInvoice.Item(good, BigDecimal.ONE, "個", BigDecimal.valueOf(f.totalAmount()),
                BigDecimal.valueOf(f.totalAmount()), "1", null)));
        invoice.setTotalAmount(BigDecimal.valueOf(f.totalAmount()));
        invoice.setTaxAmount(BigDecimal.valueOf(f.taxAmount()));
        invoice.setSalesAmount(BigDecimal.valueOf(f.salesAmount()));
        QrPayload payload = QrPayload.of(invoice, QR_KEY);
        return proofs.image(new ProofRenderer.Proof(invoice, payload, 0, false));
    }

    /** A5 landscape at 150 dpi, laid out like the printed 三聯式 form. */
    private BufferedImage threePart(VoucherFields f) {
        BufferedImage image = page(1240, 874);
        Graphics2D g = pen(image);
        int roc = f.date().getYear() - 1911;
        text(g, "三聯式統一發票", 34, true, 470, 70);
        text(g, "第二聯：扣抵聯", 22, false, 520, 110);
        text(g, f.invoiceNumber().substring(0, 2) + "-" + f.invoiceNumber().substring(2), 30, true, 900, 70);
        text(g, String.format("中華民國 %d 年 %02d 月 %02d 日", roc, f.date().getMonthValue(), f.date().getDayOfMonth()), 26, false, 80, 170);
        text(g, "買受人：" + COMPANIES[random.nextInt(COMPANIES.length)], 26, false, 80, 220);
        text(g, "買方統一編號：" + f.buyerId(), 26, false, 80, 265);
        g.setStroke(new BasicStroke(2));
        g.drawRect(60, 300, 1120, 300);
        text(g, "品名", 24, false, 90, 340);
        text(g, "數量", 24, false, 620, 340);
        text(g, "金額", 24, false, 950, 340);
        g.drawLine(60, 355, 1180, 355);
        int lines = 1 + random.nextInt(3);
        long left = f.salesAmount();
        for (int i = 0; i < lines; i++) {
            long amount = i == lines - 1 ? left : Math.max(1, left / (lines - i) - random.nextInt(5));
            left -= amount;
            text(g, GOODS[random.nextInt(GOODS.length)], 24, false, 90, 395 + i * 45);
            text(g, "1", 24, false, 630, 395 + i * 45);
            text(g, String.format("%,d", amount), 24, false, 950, 395 + i * 45);
        }
        text(g, "銷售額合計：" + String.format("%,d", f.salesAmount()), 26, false, 760, 650);
        text(g, "營業稅：" + String.format("%,d", f.taxAmount()), 26, false, 760, 695);
        text(g, "總計：" + String.format("%,d", f.totalAmount()), 26, true, 760, 740);
        text(g, "賣方統一編號：" + f.sellerId(), 26, false, 80, 700);
        g.dispose();
        return image;
    }

    /** 收銀機統一發票 on 5.7 cm roll paper at 12 dots/mm. */
    private BufferedImage receipt(VoucherFields f) {
        BufferedImage image = page(684, 760 + (f.buyerId() == null ? 0 : 50));
        Graphics2D g = pen(image);
        int y = 60;
        text(g, COMPANIES[random.nextInt(COMPANIES.length)], 28, true, 40, y);
        text(g, "收銀機統一發票", 30, true, 150, y += 55);
        text(g, f.invoiceNumber().substring(0, 2) + "-" + f.invoiceNumber().substring(2), 34, true, 160, y += 60);
        text(g, f.date() + " " + String.format("%02d:%02d", 8 + random.nextInt(12), random.nextInt(60)), 26, false, 40, y += 55);
        text(g, "賣方統編 " + f.sellerId(), 26, false, 40, y += 50);
        if (f.buyerId() != null) {
            text(g, "買方統編 " + f.buyerId(), 26, false, 40, y += 50);
        }
        text(g, GOODS[random.nextInt(GOODS.length)] + "  TX", 26, false, 40, y += 60);
        text(g, String.format("銷售額 %,d", f.salesAmount()), 26, false, 40, y += 60);
        text(g, String.format("稅額 %,d", f.taxAmount()), 26, false, 40, y += 45);
        text(g, String.format("總計 %,d", f.totalAmount()), 30, true, 40, y += 55);
        text(g, "謝謝光臨", 24, false, 250, y + 70);
        g.dispose();
        return image;
    }

    private BufferedImage spoil(BufferedImage clean, StringBuilder notes) {
        BufferedImage g = ImageCleanup.grey(clean);
        double angle = (random.nextDouble() * 2 - 1) * 3;
        notes.append(String.format("rot %.1f° ", angle));
        g = ImageCleanup.rotate(g, angle);
        int blur = random.nextInt(3);
        if (blur > 0) {
            notes.append("blur ").append(blur).append(' ');
            int side = 2 * blur + 1;
            float[] k = new float[side * side];
            java.util.Arrays.fill(k, 1f / k.length);
            BufferedImage padded = new BufferedImage(g.getWidth(), g.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            g = new ConvolveOp(new Kernel(side, side, k), ConvolveOp.EDGE_NO_OP, null).filter(g, padded);
        }
        int low = random.nextInt(3) == 0 ? 60 + random.nextInt(50) : 0;
        int high = random.nextInt(3) == 0 ? 170 + random.nextInt(50) : 255;
        int sigma = random.nextInt(25);
        if (low > 0 || high < 255) {
            notes.append("contrast ").append(low).append('-').append(high).append(' ');
        }
        if (sigma > 0) {
            notes.append("noise σ").append(sigma).append(' ');
        }
        WritableRaster r = g.getRaster();
        for (int y = 0; y < g.getHeight(); y++) {
            for (int x = 0; x < g.getWidth(); x++) {
                double v = low + r.getSample(x, y, 0) * (high - low) / 255.0 + random.nextGaussian() * sigma;
                r.setSample(x, y, 0, (int) Math.max(0, Math.min(255, v)));
            }
        }
        return g;
    }

    private static BufferedImage page(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    private static Graphics2D pen(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        return g;
    }

    private void text(Graphics2D g, String s, int size, boolean bold, int x, int y) {
        g.setFont(font.deriveFont(bold ? Font.BOLD : Font.PLAIN, (float) size));
        g.drawString(s, x, y);
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] jpeg(BufferedImage image, int quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
