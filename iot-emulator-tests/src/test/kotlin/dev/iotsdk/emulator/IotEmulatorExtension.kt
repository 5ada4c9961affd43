package dev.iotsdk.emulator

import io.kotest.core.extensions.MountableExtension
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.spec.Spec

/**
 * One emulator per spec, for this module's tests: `val emulator = install(IotEmulatorExtension())`. Users (and the
 * modules downstream of iot-test) use the published `dev.iotsdk.test.IotEmulatorExtension`; this module is upstream of
 * iot-test, which depends on iot-core and iot-emulator, so its tests keep this small copy (Maven forbids cycles).
 */
internal class IotEmulatorExtension :
    MountableExtension<IotEmulatorConfig.Builder, IotEmulator>,
    AfterSpecListener {
    @Volatile private var started: IotEmulator? = null

    override fun mount(configure: IotEmulatorConfig.Builder.() -> Unit): IotEmulator =
        IotEmulator.start(IotEmulatorConfig.Builder().apply(configure).build()).also { started = it }

    override suspend fun afterSpec(spec: Spec) {
        started?.close()
        started = null
    }
}
