package tw.einvoice.hub.carrier;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tw.einvoice.hub.invoice.CanonicalInvoice;
import tw.einvoice.hub.rules.Violation;
import tw.einvoice.hub.rules.ViolationCode;
import tw.einvoice.hub.seller.SellerDirectory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The members of each seller and their carriers. Enrolling is idempotent (one row per seller, source and identity),
 * so a connector's repeat or two nodes enrolling the same member at once end with one member and one carrier.
 */
@Service
@EnableConfigurationProperties(CarrierProperties.class)
public class Members {

    private final JdbcClient jdbc;
    private final CarrierProperties settings;
    private final SellerDirectory sellers;
    private final CarrierIds ids;

    Members(JdbcClient jdbc, CarrierProperties settings, SellerDirectory sellers) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.sellers = sellers;
        this.ids = settings.enabled() ? new CarrierIds(settings.secret()) : null;
    }

    /** Thrown when members are off or an identity cannot be a member. */
    public static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The platform-assigned member carrier type; empty when members are off. */
    public Optional<String> memberType() {
        return Optional.ofNullable(settings.memberType());
    }

    /**
     * The member of this seller with this identity, made on first sight. A contact given later fills in one the member
     * lacks and never overwrites one already kept (the member's own, perhaps set through the API).
     */
    public Member enrol(String sellerId, MemberIdentity identity, String email, String phone) {
        if (!enabled()) {
            throw new Refused("members-off", "member carriers are off: set hub.carrier.member-type (HUB_CARRIER_MEMBER_TYPE) "
                    + "and hub.carrier.secret (HUB_CARRIER_SECRET)");
        }
        if (sellers.find(sellerId).isEmpty()) {
            throw new Refused("seller-unknown", "seller " + sellerId + " is not configured in the hub");
        }
        String mail = identity.source() == MemberIdentity.Source.EMAIL && email == null ? identity.identity() : email;
        var existing = find(sellerId, identity);
        if (existing.isEmpty()) {
            CarrierIds.Derived derived = ids.derive(sellerId, identity);
            try {
                jdbc.sql("""
                        INSERT INTO member (seller_id, source, identity, carrier_type, carrier_id, hidden_code, email, phone)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (seller_id, source, identity) DO NOTHING""")
                        .params(sellerId, identity.source().code(), identity.identity(), settings.memberType(),
                                derived.carrierId(), derived.hiddenCode(), blankToNull(mail), blankToNull(phone))
                        .update();
            } catch (DuplicateKeyException collision) {
                // two identities with one 80-bit carrier id: never expected; refusing beats sharing a carrier
                throw new IllegalStateException("carrier id collision for seller " + sellerId + "; member not enrolled", collision);
            }
        } else if ((existing.get().email() == null && blankToNull(mail) != null)
                || (existing.get().phone() == null && blankToNull(phone) != null)) {
            jdbc.sql("UPDATE member SET email = coalesce(email, ?), phone = coalesce(phone, ?), updated_at = now() WHERE id = ?")
                    .params(blankToNull(mail), blankToNull(phone), existing.get().id()).update();
        }
        return find(sellerId, identity).orElseThrow();
    }

    public Optional<Member> find(String sellerId, MemberIdentity identity) {
        return jdbc.sql("SELECT * FROM member WHERE seller_id = ? AND source = ? AND identity = ?")
                .params(sellerId, identity.source().code(), identity.identity()).query(Members::row).optional();
    }

    public Optional<Member> findById(long id) {
        return jdbc.sql("SELECT * FROM member WHERE id = ?").param(id).query(Members::row).optional();
    }

    public Optional<Member> findByCarrier(String sellerId, String carrierType, String carrierId) {
        return jdbc.sql("SELECT * FROM member WHERE seller_id = ? AND carrier_type = ? AND carrier_id = ?")
                .params(sellerId, carrierType, carrierId).query(Members::row).optional();
    }

    /**
     * Puts an invoice naming a member on that member's carrier (type, id, hidden code), not printed, and gives it the
     * member's email and phone when the buyer has none, so the consumer hears of it. Runs before validation; what is
     * wrong with the member is answered as violations, kept with the rejected record like any other.
     */
    public List<Violation> attach(CanonicalInvoice invoice) {
        CanonicalInvoice.Member named = invoice.getMember();
        if (named == null) {
            return List.of();
        }
        if (!enabled()) {
            return List.of(ViolationCode.MEMBER_CARRIER_OFF.at("member"));
        }
        if (invoice.getCarrier() != null || invoice.getDonation() != null) {
            return List.of(ViolationCode.MEMBER_WITH_CARRIER.at("member"));
        }
        var source = MemberIdentity.Source.of(named.source());
        if (source.isEmpty()) {
            return List.of(ViolationCode.MEMBER_SOURCE_UNKNOWN.at("member.source", String.valueOf(named.source())));
        }
        if (named.id() == null || named.id().isBlank()) {
            return List.of(ViolationCode.REQUIRED.at("member.id", "member.id"));
        }
        MemberIdentity identity;
        try {
            identity = new MemberIdentity(source.get(), named.id());
        } catch (IllegalArgumentException e) {
            return List.of(ViolationCode.MEMBER_EMAIL_FORMAT.at("member.id", named.id()));
        }
        if (invoice.getSellerId() == null || sellers.find(invoice.getSellerId()).isEmpty()) {
            return List.of(); // the validator names the unknown seller
        }
        CanonicalInvoice.Party buyer = invoice.getBuyer();
        Member member = enrol(invoice.getSellerId(), identity, buyer == null ? null : blankToNull(buyer.email()),
                buyer == null ? null : blankToNull(buyer.phone()));
        invoice.setMember(new CanonicalInvoice.Member(identity.source().code(), identity.identity()));
        invoice.setCarrier(new CanonicalInvoice.Carrier(member.carrierType(), member.carrierId(), member.hiddenCode()));
        if (invoice.getPrint() == null) {
            invoice.setPrint(false);
        }
        if (buyer == null) {
            invoice.setBuyer(new CanonicalInvoice.Party(null, null, member.email(), member.phone(), null));
        } else if (blankToNull(buyer.email()) == null || blankToNull(buyer.phone()) == null) {
            invoice.setBuyer(new CanonicalInvoice.Party(buyer.id(), buyer.name(),
                    blankToNull(buyer.email()) != null ? buyer.email() : member.email(),
                    blankToNull(buyer.phone()) != null ? buyer.phone() : member.phone(), buyer.address()));
        }
        return List.of();
    }

    private static Member row(ResultSet rs, int n) throws SQLException {
        return new Member(rs.getLong("id"), rs.getString("seller_id"), rs.getString("source"), rs.getString("identity"),
                rs.getString("carrier_type"), rs.getString("carrier_id"), rs.getString("hidden_code"),
                rs.getString("email"), rs.getString("phone"), rs.getObject("created_at", java.time.OffsetDateTime.class));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
