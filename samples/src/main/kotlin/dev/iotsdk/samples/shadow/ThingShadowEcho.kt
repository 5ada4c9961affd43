package dev.iotsdk.samples.shadow

import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import dev.iotsdk.shadow.ShadowClient
import dev.iotsdk.shadow.ShadowEvent
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import kotlin.time.Duration.Companion.seconds

/**
 * The v1 SDK's ThingShadowEcho: a device that mirrors every desired change into its reported state. Against the
 * embedded emulator the sample also plays the cloud side (three desired changes) and stops when all are mirrored;
 * against AWS IoT it echoes until stopped (change the desired state from the console or the CLI).
 */
public object ThingShadowEcho {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "echo-thing").use { target ->
            out.say("ThingShadowEcho against ${target.describe()}, thing '${target.thingName}'")
            runBlocking {
                target.client("${target.thingName}-echo").use { mqtt ->
                    mqtt.connect()
                    ShadowClient(mqtt, target.thingName).use { shadow ->
                        val subscribed = CompletableDeferred<Unit>()
                        var echoed = 0
                        val allEchoed = CompletableDeferred<Unit>()
                        val echo = launch {
                            shadow.deltaEvents().collect { event ->
                                when (event) {
                                    is ShadowEvent.Subscribed -> subscribed.complete(Unit)
                                    is ShadowEvent.Received -> {
                                        out.say("  device: delta ${event.value.state}; echoing it as reported")
                                        val accepted = shadow.update(reported = event.value.state)
                                        out.say("  device: reported, version ${accepted.version}")
                                        if (++echoed == CHANGES.size) allEchoed.complete(Unit)
                                    }
                                    is ShadowEvent.Error -> out.say(
                                        "  device: unreadable delta: ${event.cause.message}",
                                    )
                                    ShadowEvent.SubscriptionLost -> out.say("  device: connection lost, resubscribing")
                                }
                            }
                        }
                        withTimeout(10.seconds) { subscribed.await() }
                        val emulator = target.emulator
                        if (emulator == null) {
                            out.say("echoing desired changes until stopped (Ctrl-C)")
                            echo.join()
                            return@runBlocking
                        }
                        for ((key, value) in CHANGES) {
                            val cloudSide =
                                buildJsonObject {
                                    put(
                                        "state",
                                        buildJsonObject {
                                            put("desired", buildJsonObject { put(key, value) })
                                        },
                                    )
                                }
                            out.say("cloud: desired $key=$value")
                            emulator.updateShadow(target.thingName, null, cloudSide.toString())
                            kotlinx.coroutines.delay(100)
                        }
                        withTimeout(20.seconds) { allEchoed.await() }
                        out.say("shadow now: ${emulator.shadow(target.thingName)}")
                        echo.cancel()
                    }
                }
            }
        }
        out.say("done")
    }

    private val CHANGES = listOf("color" to "green", "brightness" to "80", "mode" to "night")
}
