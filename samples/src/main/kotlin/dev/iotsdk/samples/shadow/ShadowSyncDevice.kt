package dev.iotsdk.samples.shadow

import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import dev.iotsdk.shadow.ShadowClient
import dev.iotsdk.shadow.ShadowSync
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * A device using [ShadowSync]: its [Thermostat] settings follow the shadow's desired state and are reported back,
 * version conflicts and reconnects included, with no delta handling written by hand. Against the embedded emulator the
 * sample also plays the companion app.
 */
public object ShadowSyncDevice {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "thermostat-1").use { target ->
            out.say("ShadowSyncDevice against ${target.describe()}, thing '${target.thingName}'")
            runBlocking {
                target.client(target.thingName).use { mqtt ->
                    mqtt.connect()
                    ShadowClient(mqtt, target.thingName).use { shadow ->
                        val sync = ShadowSync(shadow, Thermostat()) { wanted ->
                            out.say("  device: applying $wanted")
                            wanted
                        }
                        val job = sync.start(this)
                        val emulator = target.emulator
                        if (emulator == null) {
                            job.join()
                            return@runBlocking
                        }
                        val first = withTimeout(10.seconds) { sync.version.first { it != null } }!!
                        out.say("app: set mode=heat, target=21.5")
                        emulator.updateShadow(
                            target.thingName,
                            null,
                            """{"state":{"desired":{"mode":"heat","target":21.5}}}""",
                        )
                        withTimeout(10.seconds) { sync.state.first { it == Thermostat("heat", 21.5) } }
                        // the app's change is version first + 1, the device's report of it first + 2
                        withTimeout(10.seconds) { sync.version.first { it != null && it >= first + 2 } }
                        out.say("device reports ${sync.state.value}; shadow version ${sync.version.value}")
                        job.cancel()
                    }
                }
            }
        }
        out.say("done")
    }
}
