package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.carrier.Member;
import tw.einvoice.hub.carrier.MemberIdentity;
import tw.einvoice.hub.carrier.Members;
import tw.einvoice.hub.consumer.ConsumerLinks;
import tw.einvoice.hub.web.internal.Principals;

/** Members and their member carriers (docs/members.md), for the seller's own systems. */
@RestController
@RequestMapping("/api/v1/members")
@Tag(name = "members")
class MemberApi {

    record NewMember(String sellerId, String source, String id, String email, String phone) {
    }

    /**
     * A member as the seller's system sees it: the carrier and its hidden code are what the member needs to attribute
     * (歸戶) the carrier; {@code queryLink} opens the member's invoices on the consumer site (null without a link secret).
     */
    record MemberView(long id, String sellerId, String source, String identity, String carrierType, String carrierId,
                      String hiddenCode, String email, String phone, String queryLink) {
    }

    private final Members members;
    private final ConsumerLinks links;
    private final Principals principals;

    MemberApi(Members members, ConsumerLinks links, Principals principals) {
        this.members = members;
        this.links = links;
        this.principals = principals;
    }

    @PostMapping
    @Operation(summary = "Enrols a member (source erp, shopee or email, and the member's id there) and answers the member "
            + "carrier: 201 when new, 200 when the member was known (the same carrier); 409 when member carriers are off")
    ResponseEntity<MemberView> enrol(@RequestBody NewMember body, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        String sellerId = body.sellerId() != null ? body.sellerId() : p.sellerId();
        if (sellerId == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "seller-required", "sellerId: required for a caller of every seller");
        }
        if (!p.maySee(sellerId)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "seller-forbidden", "seller " + sellerId + " is not yours");
        }
        var source = MemberIdentity.Source.of(body.source())
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "member-source", "source: one of erp, shopee, email"));
        MemberIdentity identity;
        try {
            identity = new MemberIdentity(source, body.id());
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "member-id", e.getMessage());
        }
        boolean known = members.enabled() && members.find(sellerId, identity).isPresent();
        try {
            Member member = members.enrol(sellerId, identity, body.email(), body.phone());
            return ResponseEntity.status(known ? HttpStatus.OK : HttpStatus.CREATED).body(view(member));
        } catch (Members.Refused e) {
            throw new ApiException(e.code().equals("members-off") ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
        }
    }

    @GetMapping("/{id}")
    @Operation(summary = "One member with its carrier; 404 when unknown or of another seller")
    MemberView member(@PathVariable long id, Authentication auth) {
        HubPrincipal p = principals.of(auth);
        return members.findById(id).filter(m -> p.maySee(m.sellerId())).map(this::view)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "member-not-found", "no member " + id + " for your sellers"));
    }

    private MemberView view(Member m) {
        String link = links.forCarrier(m.sellerId(), m.carrierType(), m.carrierId()).orElse(null);
        return new MemberView(m.id(), m.sellerId(), m.source(), m.identity(), m.carrierType(), m.carrierId(), m.hiddenCode(),
                m.email(), m.phone(), link);
    }
}
