package dev.iotsdk.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.IotEmulatorConfig;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The JUnit 5 extension, used the ways a Java test uses it. */
class IotEmulatorJUnitExtensionTest {

    /** Runs {@code testClass} with the JUnit Platform launcher and fails if any of its tests failed. */
    private static void run(Class<?> testClass) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(), listener);
        TestExecutionSummary summary = listener.getSummary();
        summary.getFailures().forEach(f -> {
            throw new AssertionError(testClass.getSimpleName() + " failed", f.getException());
        });
        assertEquals(2, summary.getTestsSucceededCount());
    }

    @Test
    void oneEmulatorPerClassIsInjectedAndClosedAfterTheClass() throws Exception {
        run(Injected.class);
        assertNotNull(Injected.seen);
        int port = Injected.seen.getMqttPort();
        assertThrows(ConnectException.class, () -> new Socket("localhost", port).close());
    }

    @Test
    void aRegisteredInstanceUsesItsConfiguration() {
        run(Configured.class);
    }

    /** Run by the launcher only: its name keeps Surefire from running it on its own. */
    @ExtendWith(IotEmulatorJUnitExtension.class)
    static class Injected {
        static volatile IotEmulator seen;
        private final IotEmulator fromConstructor;

        Injected(IotEmulator emulator) {
            this.fromConstructor = emulator;
        }

        @BeforeAll
        static void forget() {
            seen = null;
        }

        @Test
        void constructorAndMethodGetTheSameEmulator(IotEmulator emulator) throws Exception {
            assertSame(fromConstructor, emulator);
            if (seen != null) assertSame(seen, emulator);
            seen = emulator;
            new Socket("localhost", emulator.getMqttPort()).close();
        }

        @Test
        void everyTestOfTheClassSharesIt(IotEmulator emulator) {
            if (seen != null) assertSame(seen, emulator);
            seen = emulator;
        }
    }

    static class Configured {
        @RegisterExtension
        static IotEmulatorJUnitExtension extension =
            new IotEmulatorJUnitExtension(IotEmulatorConfig.builder().region("eu-west-1").enablePlainPort(false).build());

        @Test
        void region(IotEmulator emulator) {
            assertEquals("eu-west-1", emulator.getRegion());
        }

        @Test
        void noPlainPort(IotEmulator emulator) {
            assertNull(emulator.getPlainPort());
        }
    }
}
