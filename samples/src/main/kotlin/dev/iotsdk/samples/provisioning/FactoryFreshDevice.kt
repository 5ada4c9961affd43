package dev.iotsdk.samples.provisioning

import dev.iotsdk.emulator.IotEmulator
import kotlinx.coroutines.runBlocking

/**
 * Kotlin sample: a factory-fresh device provisions itself by claim against the in-process emulator and publishes with
 * its new identity. Run with
 * `mvn -B -q -pl samples -am -DskipTests compile exec:java -Dexec.mainClass=dev.iotsdk.samples.provisioning.FactoryFreshDevice`.
 *
 * Against AWS IoT, replace the emulator's endpoint, claim files and CA with yours; the device code is the same
 * ([provisioningTour] shows it).
 */
public object FactoryFreshDevice {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        IotEmulator.start().use { emulator ->
            runBlocking { provisioningTour(emulator) { println(it) } }
        }
    }
}
