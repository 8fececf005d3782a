package tw.einvoice.hub.web;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tw.einvoice.hub.shopee.ShopeePush;

/**
 * Shopee's push callback. Shopee authenticates by signature, not by a hub user, so security lets it through and
 * the signature check decides: 401 for a forged push, else an empty 200 (anything else makes Shopee push again).
 */
@RestController
class ShopeePushController {

    static final String PATH = "/api/v1/shopee/push";

    private final ShopeePush push;

    ShopeePushController(ShopeePush push) {
        this.push = push;
    }

    @PostMapping(PATH)
    ResponseEntity<Void> push(@RequestBody(required = false) byte[] body,
                              @RequestHeader(name = "Authorization", required = false) String authorization) {
        boolean taken = push.accept(body == null ? new byte[0] : body, authorization);
        return taken ? ResponseEntity.ok().build() : ResponseEntity.status(401).build();
    }
}
