package dev.iotsdk.test

import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorConfig
import io.kotest.core.extensions.MountableExtension
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.listeners.BeforeSpecListener
import io.kotest.core.spec.Spec
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * Kotest extension: one [IotEmulator] per spec, started when first needed and closed after the spec. It needs Kotest
 * (`kotest-framework-engine`) on the test classpath; iot-test does not bring it.
 *
 * ```kotlin
 * class MyTest : FunSpec({
 *     val emulator = install(IotEmulatorExtension()) { region = "eu-west-1" }   // started now, closed after the spec
 *     test("connects") { emulator.registerThing("t1") }
 * })
 * ```
 * or, without `install`:
 * ```kotlin
 * class MyTest : FunSpec({
 *     val ext = extension(IotEmulatorExtension())
 *     test("connects") { ext.emulator.registerThing("t1") }
 * })
 * ```
 * JUnit 5 tests (and Java) use [IotEmulatorJUnitExtension] instead.
 */
public class IotEmulatorExtension(private val config: IotEmulatorConfig = IotEmulatorConfig()) :
    MountableExtension<IotEmulatorConfig.Builder, IotEmulator>,
    BeforeSpecListener,
    AfterSpecListener {

    @Volatile
    private var started: IotEmulator? = null
    private var effectiveConfig: IotEmulatorConfig = config

    /** The emulator of the current spec, started on first access (blocking while it starts, about a second). */
    public val emulator: IotEmulator
        get() = started ?: synchronized(this) {
            started ?: IotEmulator.start(effectiveConfig).also { started = it }
        }

    /** Applies [configure] to the configuration and starts the emulator (used by Kotest's `install`). */
    override fun mount(configure: IotEmulatorConfig.Builder.() -> Unit): IotEmulator {
        synchronized(this) {
            check(started == null) { "the emulator is already running; configure before first use" }
            effectiveConfig = config.toBuilder().apply(configure).build()
        }
        return emulator
    }

    /** Starts the emulator (off the test thread) if the spec has not used it yet. */
    override suspend fun beforeSpec(spec: Spec) {
        withContext(Dispatchers.IO) { emulator }
    }

    /** Closes the emulator. */
    override suspend fun afterSpec(spec: Spec) {
        val running = synchronized(this) { started.also { started = null } }
        if (running != null) withContext(Dispatchers.IO) { running.close() }
    }
}
