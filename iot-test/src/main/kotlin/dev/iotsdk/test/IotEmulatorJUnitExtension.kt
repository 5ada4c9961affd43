package dev.iotsdk.test

import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorConfig
import org.junit.jupiter.api.extension.AfterAllCallback
import org.junit.jupiter.api.extension.BeforeAllCallback
import org.junit.jupiter.api.extension.ExtensionContext
import org.junit.jupiter.api.extension.ParameterContext
import org.junit.jupiter.api.extension.ParameterResolver

/**
 * JUnit 5 extension: one [IotEmulator] per test class, started before the class's tests, closed after them, and
 * injected into test constructors, lifecycle methods and test methods that declare an `IotEmulator` parameter. It
 * needs JUnit Jupiter (`junit-jupiter-api`) on the test classpath; iot-test does not bring it.
 *
 * ```java
 * @ExtendWith(IotEmulatorJUnitExtension.class)
 * class MyTest {
 *     @Test void connects(IotEmulator emulator) { emulator.registerThing("t1"); }
 * }
 * ```
 * For a custom configuration register an instance:
 * ```java
 * @RegisterExtension
 * static IotEmulatorJUnitExtension emulator =
 *     new IotEmulatorJUnitExtension(IotEmulatorConfig.builder().region("eu-west-1").build());
 * ```
 * ```kotlin
 * @ExtendWith(IotEmulatorJUnitExtension::class)
 * class MyTest {
 *     @Test fun connects(emulator: IotEmulator) { emulator.registerThing("t1") }
 * }
 * ```
 * Kotest specs use [IotEmulatorExtension] instead.
 */
public class IotEmulatorJUnitExtension @JvmOverloads constructor(
    private val config: IotEmulatorConfig = IotEmulatorConfig(),
) : BeforeAllCallback,
    AfterAllCallback,
    ParameterResolver {

    /** Starts the emulator for the test class. */
    override fun beforeAll(context: ExtensionContext) {
        emulatorOf(context)
    }

    /** Closes the emulator of the test class. */
    override fun afterAll(context: ExtensionContext) {
        store(context).remove(KEY, Holder::class.java)?.emulator?.close()
    }

    /** Supports parameters of type [IotEmulator]. */
    override fun supportsParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Boolean =
        parameterContext.parameter.type == IotEmulator::class.java

    /** Returns the class's emulator, starting it if needed. */
    override fun resolveParameter(parameterContext: ParameterContext, extensionContext: ExtensionContext): Any =
        emulatorOf(extensionContext)

    private fun emulatorOf(context: ExtensionContext): IotEmulator =
        store(context).getOrComputeIfAbsent(KEY, { Holder(IotEmulator.start(config)) }, Holder::class.java).emulator

    private fun store(context: ExtensionContext): ExtensionContext.Store {
        val classContext = generateSequence(context) { it.parent.orElse(null) }
            .firstOrNull { it.testClass.isPresent && !it.testMethod.isPresent } ?: context
        return classContext.getStore(NAMESPACE)
    }

    /** Closed by JUnit with the class's store if [afterAll] did not run (an aborted class). */
    private class Holder(val emulator: IotEmulator) : AutoCloseable {
        override fun close() = emulator.close()
    }

    private companion object {
        private val NAMESPACE = ExtensionContext.Namespace.create(IotEmulatorJUnitExtension::class.java)
        private const val KEY = "emulator"
    }
}
