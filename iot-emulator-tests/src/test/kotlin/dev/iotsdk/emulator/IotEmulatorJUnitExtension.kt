package dev.iotsdk.emulator

import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.ParameterContext
import org.junit.jupiter.api.extension.ParameterResolver

/**
 * One emulator per test class, injected into `IotEmulator` parameters and closed with the class, for this module's
 * Java tests: `@ExtendWith(IotEmulatorJUnitExtension.class)`. Users use the published
 * `dev.iotsdk.test.IotEmulatorJUnitExtension`; this module is upstream of iot-test, so its tests keep this small copy.
 */
internal class IotEmulatorJUnitExtension : ParameterResolver {
    override fun supportsParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Boolean =
        parameterContext.parameter.type == IotEmulator::class.java

    override fun resolveParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Any {
        val classContext = generateSequence(extensionContext) { it.parent.orElse(null) }
            .first { it.testClass.isPresent && !it.testMethod.isPresent }
        val store = classContext.getStore(ExtensionContext.Namespace.create(IotEmulatorJUnitExtension::class.java))
        // JUnit closes AutoCloseable values when the class's context closes
        return store.getOrComputeIfAbsent("emulator", { Running(IotEmulator.start()) }, Running::class.java).emulator
    }

    private class Running(val emulator: IotEmulator) : AutoCloseable {
        override fun close() = emulator.close()
    }
}
