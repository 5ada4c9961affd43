package dev.iotsdk.samples.durable

import dev.iotsdk.core.DurableQueue
import dev.iotsdk.core.FsyncPolicy
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import java.nio.file.Files
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Telemetry that survives a crash: a device with a [DurableQueue] records 20 readings while it has no connection (each
 * `publish` returns once the reading is on disk), then "crashes" (its client goes away without delivering them). A new
 * client on the same directory connects and delivers every stored reading, in order, to a monitor subscribed to the
 * telemetry topic.
 */
public object DurableTelemetry {
    private const val READINGS = 20

    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "durable-sensor").use { target ->
            out.say("DurableTelemetry against ${target.describe()}, thing '${target.thingName}'")
            val topic = "telemetry/${target.thingName}"
            val queueDir = Files.createTempDirectory("durable-telemetry")
            val config = target.config(target.thingName).toBuilder()
                .durableQueue(DurableQueue(queueDir, fsync = FsyncPolicy.every(100.milliseconds)))
                .build()
            runBlocking {
                IotMqttClient.create(config).use { offline ->
                    repeat(READINGS) {
                        offline.publish(MqttMessage.text(topic, """{"seq":$it,"t":${20 + it * 0.1}}"""))
                    }
                    out.say("stored $READINGS readings while offline in $queueDir")
                }
                out.say("the device restarts on the same queue directory")
                target.client("${target.thingName}-monitor").use { monitor ->
                    monitor.connect()
                    monitor.openSubscription(topic).use { readings ->
                        IotMqttClient.create(config).use { device ->
                            device.connect()
                            val got = withTimeout(30.seconds) { readings.messages.take(READINGS).toList() }
                            out.say(
                                "monitor received ${got.size} of $READINGS readings, first ${got.first().payloadAsString()}",
                            )
                        }
                    }
                }
            }
            queueDir.toFile().deleteRecursively()
        }
    }
}
