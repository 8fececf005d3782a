package tw.einvoice.hub.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * {@code hub.notify.sms.*}: the SMS gateway consumers' messages go through.
 *
 * @param provider mitake or every8d; empty: no SMS is sent (messages by phone stay PENDING)
 * @param url      the gateway's send address, e.g. https://smsapi.mitake.com.tw/api/mtk/SmSend?CharsetURL=UTF-8 or
 *                 https://api.e8d.tw/API21/HTTP/SendSMS.ashx
 * @param username account (Mitake username, Every8d UID)
 * @param password password (Mitake password, Every8d PWD); from the environment, never logged
 */
@ConfigurationProperties("hub.notify.sms")
record SmsProperties(String provider, String url, String username, String password) {

    SmsProperties {
        provider = StringUtils.hasText(provider) ? provider.strip().toLowerCase() : "";
        if (!provider.isEmpty() && !provider.equals("mitake") && !provider.equals("every8d")) {
            throw new IllegalArgumentException("hub.notify.sms.provider (HUB_SMS_PROVIDER) is mitake or every8d, not " + provider);
        }
    }

    boolean configured() {
        return !provider.isEmpty() && StringUtils.hasText(url);
    }

    @Override
    public String toString() {
        return "SmsProperties[" + provider + " " + url + ", username=" + username + "]";
    }
}
