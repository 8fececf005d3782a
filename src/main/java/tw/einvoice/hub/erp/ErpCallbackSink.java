package tw.einvoice.hub.erp;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.callback.Callback;
import tw.einvoice.hub.callback.CallbackSink;
import tw.einvoice.hub.callback.SinkSettings;

/**
 * {@code hub.callback.<connector>.type: erp}: writes the outcome into the ERP named by {@code erp} (default: the
 * connector's own name), the same write the {@code erp-sql-sink} Kamelet does.
 */
@Component
class ErpCallbackSink implements CallbackSink {

    private final ErpStaging staging;

    ErpCallbackSink(ErpStaging staging) {
        this.staging = staging;
    }

    @Override
    public String type() {
        return "erp";
    }

    @Override
    public void deliver(Callback c, SinkSettings settings) {
        String name = settings.get("erp", c.connector());
        ErpDatabase db = staging.database(name)
                .orElseThrow(() -> new IllegalStateException("hub.erp." + name + ".url is not set"));
        db.result(c.sourceRef(), c.text("invoiceNumber"), c.text("randomCode"), c.status(), c.text("errorCode"),
                c.text("errorMessage"));
    }
}
