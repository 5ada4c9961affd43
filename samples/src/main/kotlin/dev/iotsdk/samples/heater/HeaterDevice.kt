package dev.iotsdk.samples.heater

import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Subscription
import dev.iotsdk.samples.SampleTarget
import dev.iotsdk.samples.Transcript
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

/**
 * Runs the [HeaterController] as a device. Against the embedded emulator an app connection also waits for the
 * device's announcement, sets the target and waits for the answer; against AWS IoT the device runs until stopped
 * (publish `22` to `devices/<thing>/commands/target` from the console's MQTT test client). Its unit tests, against
 * `FakeIotMqttClient`, are in `HeaterControllerTest`.
 */
public object HeaterDevice {
    /** Runs the sample. */
    @JvmStatic
    public fun main(args: Array<String>) {
        val out = Transcript()
        SampleTarget.fromArgs(args, "heater-1").use { target ->
            val id = target.thingName
            out.say("HeaterDevice against ${target.describe()}, thing '$id'")
            runBlocking {
                target.client(id).use { device ->
                    device.connect()
                    var reading = 18.0
                    val controller = HeaterController(device, id, 1.seconds) { reading.also { reading += 0.5 } }
                    if (target.emulator == null) {
                        out.say("running until stopped (Ctrl-C); send commands to devices/$id/commands/+")
                        controller.run()
                    }
                    target.client("$id-app").use { app ->
                        app.connect()
                        val states = Channel<String>(Channel.UNLIMITED)
                        val listening = launch(start = CoroutineStart.UNDISPATCHED) {
                            app.messages.collect {
                                if (it.topic ==
                                    "devices/$id/state"
                                ) {
                                    states.send(it.payloadAsString())
                                }
                            }
                        }
                        app.subscribeAll(listOf(Subscription("devices/$id/state"))) // returns after the SUBACK
                        val running = launch { controller.run() }
                        withTimeout(20.seconds) {
                            out.say("app: the device announced ${states.receive()}")
                            out.say("app: target 21.5")
                            app.publish(MqttMessage.text("devices/$id/commands/target", "21.5"))
                            out.say("app: the device answered ${states.receive()}")
                        }
                        running.cancelAndJoin() // before the clients close
                        listening.cancel()
                    }
                    out.say("device: ${controller.state.value}")
                }
            }
        }
        out.say("done")
    }
}
