package tw.einvoice.hub.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The login form; Spring Security takes its POST and the lock after repeated failures. */
@Controller
class LoginPage {

    @GetMapping("/login")
    String login() {
        return "console/login";
    }
}
