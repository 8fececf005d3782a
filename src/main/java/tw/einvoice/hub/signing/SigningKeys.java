package tw.einvoice.hub.signing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Each seller's private key and certificate: from its configured PKCS#12 file, or else a self-signed
 * test certificate made once and kept under {@code <data>/certs}. Loaded keys are cached because
 * PKCS#12 decryption costs far more than the signature itself.
 */
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    // the BAN ends up in a file name: nothing but 8 digits may get there
    private static final Pattern BAN = Pattern.compile("\\d{8}");
    private static final Duration TEST_VALIDITY = Duration.ofDays(730);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A seller's signing key, its certificate, and where it came from (for logs). */
    record SigningKey(PrivateKey privateKey, X509Certificate certificate, String source, boolean selfSignedTest) {

        /** SHA-256 of the DER certificate, hex: what an operator compares with the registered certificate. */
        String fingerprint() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final SigningProperties properties;
    private final Path certFolder;
    private final Function<String, Optional<String>> sellerNames;
    private final Map<String, SigningKey> cache = new ConcurrentHashMap<>();

    /**
     * @param certFolder  where generated test certificates are kept ({@code <hub.data-dir>/certs})
     * @param sellerNames the seller's name by BAN, for the test certificate's CN; empty for an unknown seller
     */
    SigningKeys(SigningProperties properties, Path certFolder, Function<String, Optional<String>> sellerNames) {
        this.properties = properties;
        this.certFolder = certFolder;
        this.sellerNames = sellerNames;
    }

    /** The seller's key, or empty when it has no keystore and test certificates are not made. */
    java.util.Optional<SigningKey> forSellerIfAny(String sellerId) {
        if (!properties.keystores().containsKey(sellerId) && !properties.generateTestCertificates()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(forSeller(sellerId));
    }

    SigningKey forSeller(String sellerId) {
        if (sellerId == null || !BAN.matcher(sellerId).matches()) {
            throw new IllegalArgumentException("seller id must be an 8-digit BAN: " + sellerId);
        }
        return cache.computeIfAbsent(sellerId, this::load);
    }

    private SigningKey load(String ban) {
        SigningProperties.Keystore configured = properties.keystores().get(ban);
        if (configured != null) {
            SigningKey key = fromPkcs12(configured.path(), configured.password(), configured.alias(), false);
            log.info("Seller {} signs with {} (subject {}, SHA-256 {}, valid until {})", ban, configured.path(),
                    key.certificate().getSubjectX500Principal().getName(), key.fingerprint(), key.certificate().getNotAfter().toInstant());
            return key;
        }
        if (!properties.generateTestCertificates()) {
            throw new IllegalStateException("no signing keystore configured for seller " + ban
                    + ": set hub.signing.keystores." + ban + ".path and .password");
        }
        SigningKey key = testCertificate(ban);
        log.warn("Seller {} signs with a SELF-SIGNED TEST certificate ({}, SHA-256 {}). The platform does not accept it: "
                        + "configure hub.signing.keystores.{}.path/.password with the seller's registered certificate, "
                        + "and set hub.signing.generate-test-certificates=false in production.",
                ban, key.source(), key.fingerprint(), ban);
        return key;
    }

    private SigningKey testCertificate(String ban) {
        Path p12 = certFolder.resolve(ban + ".p12");
        Path passwordFile = certFolder.resolve(ban + ".p12.password");
        // the keystore is moved in last, so its presence means both files are complete
        if (Files.exists(p12) && Files.exists(passwordFile)) {
            return fromPkcs12(p12, readPassword(passwordFile), ban, true);
        }
        String name = sellerNames.apply(ban).orElseThrow(() ->
                new IllegalArgumentException("unknown seller " + ban + ": no test certificate is made for it"));
        try {
            Files.createDirectories(certFolder);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(pair, name, ban);

            char[] password = randomPassword();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ban, pair.getPrivate(), password, new Certificate[]{certificate});

            writePrivately(passwordFile, out -> out.write(new String(password).getBytes(StandardCharsets.UTF_8)));
            writePrivately(p12, out -> store.store(out, password));
            return new SigningKey(pair.getPrivate(), certificate, p12.toString(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a test certificate to " + certFolder, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not make a test certificate for seller " + ban, e);
        }
    }

    /** CN=<seller name> test, O=<BAN>; marked as an end-entity signing certificate. */
    static X509Certificate selfSigned(KeyPair pair, String sellerName, String ban) throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, sellerName + " test")
                .addRDN(BCStyle.O, ban)
                .build();
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(5, ChronoUnit.MINUTES)), Date.from(now.plus(TEST_VALIDITY)),
                    subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static SigningKey fromPkcs12(Path path, String password, String alias, boolean selfSignedTest) {
        if (path == null) {
            throw new IllegalStateException("signing keystore without a path");
        }
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            String entry = alias != null && !alias.isBlank() ? alias : firstKeyAlias(store, path);
            if (!store.isKeyEntry(entry)) {
                throw new IllegalStateException("no private key under alias '" + entry + "' in " + path);
            }
            PrivateKey key = (PrivateKey) store.getKey(entry, secret);
            X509Certificate certificate = (X509Certificate) store.getCertificate(entry);
            return new SigningKey(key, certificate, path.toString(), selfSignedTest);
        } catch (IOException e) {
            // PKCS#12 reports a wrong password as an IOException; the password itself never goes into the message
            throw new IllegalStateException("could not open signing keystore " + path + " (missing file or wrong password)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the key in signing keystore " + path, e);
        }
    }

    private static String firstKeyAlias(KeyStore store, Path path) throws GeneralSecurityException {
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
            String alias = aliases.nextElement();
            if (store.isKeyEntry(alias)) {
                return alias;
            }
        }
        throw new IllegalStateException("no private key in " + path);
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    interface Writer {
        void write(OutputStream out) throws IOException, GeneralSecurityException;
    }

    /**
     * Writes owner-only (600 where POSIX) through a temporary file, so a crash never leaves a half
     * keystore that a later start would try to use.
     */
    private static void writePrivately(Path target, Writer content) throws IOException, GeneralSecurityException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (target.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        try (OutputStream out = Files.newOutputStream(temp)) {
            content.write(out);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
