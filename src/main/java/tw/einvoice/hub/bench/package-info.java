/**
 * What the {@code bench} commands and the large-file tests share: sample files and the retained-heap probe. It
 * depends on no capability, so a test or a command can use it without pulling a module in.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package tw.einvoice.hub.bench;
