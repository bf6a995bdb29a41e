package gatehouse.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the last HTTP exchange of a failed test: usually all one needs to see why. */
public class LastResponseWatcher implements TestWatcher {

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.err.println("=== " + context.getDisplayName() + " failed; last response:\n" + Http.LAST.get());
    }
}
