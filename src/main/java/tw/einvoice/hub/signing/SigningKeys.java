package tw.einvoice.hub.signing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
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
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Each seller's private key and certificate: from its configured PKCS#12 file, or else a self-signed
 * test certificate made once and kept under {@code <data>/certs} (and made anew once it has expired). Loaded keys
 * are cached because PKCS#12 decryption costs far more than the signature itself; the certificate watch reads
 * each file again daily, so a certificate renewed in place is used without a restart.
 */
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    // the BAN ends up in a file name: nothing but 8 digits may get there
    private static final Pattern BAN = Pattern.compile("\\d{8}");
    private static final Duration TEST_VALIDITY = Duration.ofDays(730);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A seller's signing key, its certificate, and where it came from (for logs and alerts). */
    record SigningKey(PrivateKey privateKey, X509Certificate certificate, String source, boolean selfSignedTest) {

        /** SHA-256 of the DER certificate, hex: what an operator compares with the registered certificate. */
        String fingerprint() {
            try {
                return MessageArchive.sha256(certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        String subject() {
            return SigningKeys.subject(certificate);
        }

        Instant notAfter() {
            return certificate.getNotAfter().toInstant();
        }

        boolean validAt(Instant at) {
            return !at.isBefore(certificate.getNotBefore().toInstant()) && !at.isAfter(notAfter());
        }
    }

    private final SigningProperties properties;
    private final Path certFolder;
    private final Function<String, Optional<String>> sellerNames;
    private final Clock clock;
    private final Map<String, SigningKey> cache = new ConcurrentHashMap<>();
    // a configured keystore that failed to open stays failed until the watch reads it again: re-reading it for every
    // message would cost each seal a PKCS#12 decryption, and nothing but a new file (or a restart) can change it
    private final Map<String, String> unreadable = new ConcurrentHashMap<>();

    /**
     * @param certFolder  where generated test certificates are kept ({@code <hub.data-dir>/certs})
     * @param sellerNames the seller's name by BAN, for the test certificate's CN; empty for an unknown seller
     */
    SigningKeys(SigningProperties properties, Path certFolder, Function<String, Optional<String>> sellerNames) {
        this(properties, certFolder, sellerNames, Clock.systemUTC());
    }

    SigningKeys(SigningProperties properties, Path certFolder, Function<String, Optional<String>> sellerNames, Clock clock) {
        this.properties = properties;
        this.certFolder = certFolder;
        this.sellerNames = sellerNames;
        this.clock = clock;
    }

    /**
     * The seller's key; empty when it has no keystore and test certificates are not made, or when its configured
     * keystore cannot be read (logged once; the certificate watch mails finance about it).
     */
    Optional<SigningKey> forSellerIfAny(String sellerId) {
        boolean configured = properties.keystores().containsKey(sellerId);
        if (!configured && !properties.generateTestCertificates()) {
            return Optional.empty();
        }
        if (unreadable.containsKey(sellerId)) {
            return Optional.empty();
        }
        try {
            return Optional.of(forSeller(sellerId));
        } catch (IllegalStateException e) {
            if (!configured) {
                throw e;
            }
            if (unreadable.put(sellerId, String.valueOf(e.getMessage())) == null) {
                log.error("Seller {}: {}. Its archived messages carry a hash only until the keystore can be read "
                        + "(the certificate watch reads it again daily; or fix it and restart)", sellerId, e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** The seller's key; throws when it has none or its keystore cannot be read. */
    SigningKey forSeller(String sellerId) {
        requireBan(sellerId);
        return cache.compute(sellerId, (ban, cached) -> cached == null || expiredTest(cached) ? load(ban) : cached);
    }

    /**
     * Reads the seller's certificate from its file again, bypassing the cache, and signs with it from now on.
     * Empty when the seller has no configured keystore and no test certificate was made for it. An expired test
     * certificate is replaced by a new one. Throws {@link IllegalStateException} (naming the file, never the
     * password) when a configured keystore cannot be read.
     */
    Optional<SigningKey> reread(String sellerId) {
        requireBan(sellerId);
        SigningProperties.Keystore configured = properties.keystores().get(sellerId);
        SigningKey key;
        if (configured != null) {
            try {
                key = fromPkcs12(configured.path(), configured.password(), configured.alias(), false);
            } catch (IllegalStateException e) {
                unreadable.put(sellerId, String.valueOf(e.getMessage()));
                throw e;
            }
            if (unreadable.remove(sellerId) != null) {
                log.info("Seller {}: keystore {} is readable again; archived messages are signed again", sellerId,
                        configured.path());
            }
        } else if (properties.generateTestCertificates() && Files.exists(testKeystore(sellerId))) {
            key = testCertificate(sellerId);
        } else {
            return Optional.empty();
        }
        SigningKey before = cache.put(sellerId, key);
        if (before != null && !before.fingerprint().equals(key.fingerprint())) {
            log.info("Seller {} now signs with {} (subject {}, SHA-256 {}, valid until {}) instead of SHA-256 {}", sellerId,
                    key.source(), key.subject(), key.fingerprint(), key.notAfter(), before.fingerprint());
        }
        return Optional.of(key);
    }

    // a configured certificate stays as it is (the watch tells finance); a test certificate the hub just makes anew
    private boolean expiredTest(SigningKey key) {
        return key.selfSignedTest() && !key.validAt(clock.instant());
    }

    private static void requireBan(String sellerId) {
        if (sellerId == null || !BAN.matcher(sellerId).matches()) {
            throw new IllegalArgumentException("seller id must be an 8-digit BAN: " + sellerId);
        }
    }

    private SigningKey load(String ban) {
        SigningProperties.Keystore configured = properties.keystores().get(ban);
        if (configured != null) {
            SigningKey key = fromPkcs12(configured.path(), configured.password(), configured.alias(), false);
            log.info("Seller {} signs with {} (subject {}, SHA-256 {}, valid until {})", ban, configured.path(),
                    key.subject(), key.fingerprint(), key.notAfter());
            return key;
        }
        if (!properties.generateTestCertificates()) {
            throw new IllegalStateException("no signing keystore configured for seller " + ban
                    + ": set hub.signing.keystores." + ban + ".path and .password");
        }
        SigningKey key = testCertificate(ban);
        log.warn("Seller {} seals its archive with a SELF-SIGNED TEST certificate ({}, SHA-256 {}), which proves nothing "
                        + "to an auditor: configure hub.signing.keystores.{}.path/.password with the seller's own certificate, "
                        + "and set hub.signing.generate-test-certificates=false in production.",
                ban, key.source(), key.fingerprint(), ban);
        return key;
    }

    private Path testKeystore(String ban) {
        return certFolder.resolve(ban + ".p12");
    }

    private SigningKey testCertificate(String ban) {
        Path p12 = testKeystore(ban);
        Path passwordFile = certFolder.resolve(ban + ".p12.password");
        // the keystore is moved in last, so its presence means both files are complete
        if (Files.exists(p12) && Files.exists(passwordFile)) {
            SigningKey kept = fromPkcs12(p12, readPassword(passwordFile), ban, true);
            if (kept.validAt(clock.instant())) {
                return kept;
            }
            // a seal made with it would never verify (CMS checks the certificate at signing time)
            log.warn("Seller {}: the test certificate {} expired on {}; making a new one", ban, p12, kept.notAfter());
        }
        String name = sellerNames.apply(ban).orElseThrow(() ->
                new IllegalArgumentException("unknown seller " + ban + ": no test certificate is made for it"));
        try {
            Files.createDirectories(certFolder);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            KeyPair pair = generator.generateKeyPair();
            Instant now = clock.instant();
            X509Certificate certificate = selfSigned(pair, name, ban, now.minus(5, ChronoUnit.MINUTES), now.plus(TEST_VALIDITY));

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

    /** CN=<seller name> test, O=<BAN>, valid from {@code notBefore} to {@code notAfter}; an end-entity signing certificate, RSA or EC. */
    static X509Certificate selfSigned(KeyPair pair, String sellerName, String ban, Instant notBefore, Instant notAfter)
            throws GeneralSecurityException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, sellerName + " test")
                .addRDN(BCStyle.O, ban)
                .build();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                    subject, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm(pair.getPrivate()))
                            .build(pair.getPrivate())));
        } catch (OperatorCreationException | CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** SHA-256 with the key's own algorithm: RSA (software certificates) or ECDSA. */
    static String signatureAlgorithm(PrivateKey key) {
        return "SHA256with" + ("EC".equals(key.getAlgorithm()) ? "ECDSA" : "RSA");
    }

    /** The subject as seals, checks and alerts print it: {@code CN=…,O=…} in the certificate's own order. */
    static String subject(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).toString();
    }

    private static SigningKey fromPkcs12(Path path, String password, String alias, boolean selfSignedTest) {
        if (path == null) {
            throw new IllegalStateException("signing keystore without a path");
        }
        char[] secret = password == null ? new char[0] : password.toCharArray();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("signing keystore " + path + " does not exist (or is not a file)");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalStateException("signing keystore " + path + " is not readable by the hub's user");
        }
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
            throw new IllegalStateException("could not open signing keystore " + path + " (wrong password, or not a PKCS#12 file)", e);
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
