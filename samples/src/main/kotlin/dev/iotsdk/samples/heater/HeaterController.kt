package dev.iotsdk.samples.heater

import dev.iotsdk.common.IotSdkException
import dev.iotsdk.core.ConnectionState
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.LifecycleEvent
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.Subscription
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds

/**
 * Device logic worth unit-testing: a heater controller on one MQTT connection. It takes commands on
 * `devices/<id>/commands/target` (a temperature, such as `21.5`) and `devices/<id>/commands/power` (`on` or `off`),
 * answers each with its state on `devices/<id>/state` (a bad command with a line on `devices/<id>/errors`), reads
 * its sensor every [interval] and publishes telemetry on `devices/<id>/telemetry`, keeps going when telemetry cannot
 * be sent, and reports its state when it starts and again after every reconnect.
 *
 * It only needs an [IotMqttClient], so its tests run against `FakeIotMqttClient` from iot-test, without a broker and
 * in virtual time (`samples/src/test/kotlin/dev/iotsdk/samples/heater/HeaterControllerTest.kt`).
 */
public class HeaterController(
    private val client: IotMqttClient,
    private val deviceId: String,
    private val interval: Duration = 5.seconds,
    private val sensor: () -> Double,
) {
    private val current = MutableStateFlow(HeaterState())
    private val failures = AtomicInteger()

    /** The controller's state. */
    public val state: StateFlow<HeaterState> = current.asStateFlow()

    /** Telemetry messages that could not be sent. */
    public val telemetryFailures: Int get() = failures.get()

    /** Why the last telemetry message could not be sent, if one could not. */
    @Volatile
    public var lastTelemetryFailure: IotSdkException? = null
        private set

    /**
     * Runs the controller on [client] until the calling coroutine is cancelled: subscribes to the commands, announces
     * its state once the broker confirmed the subscription (so whoever waits for it knows commands will arrive), then
     * publishes telemetry every [interval].
     */
    public suspend fun run(): Unit = coroutineScope {
        val commands = "devices/$deviceId/commands/"
        launch(start = CoroutineStart.UNDISPATCHED) {
            client.messages.filter { it.topic.startsWith(commands) }.collect { onCommand(it) }
        }
        launch(start = CoroutineStart.UNDISPATCHED) {
            var lost = false
            client.events.collect { event ->
                if (event is LifecycleEvent.Disconnection) lost = true
                if (event is LifecycleEvent.ConnectionSuccess && lost) {
                    lost = false
                    publishState()
                }
            }
        }
        client.subscribeAll(listOf(Subscription("$commands+")))
        try {
            publishState()
            while (true) {
                current.update { it.copy(temperature = sensor()) }
                try {
                    client.publish(MqttMessage.text("devices/$deviceId/telemetry", current.value.toJson()))
                } catch (e: IotSdkException) {
                    lastTelemetryFailure = e // and the next reading goes out anyway
                    failures.incrementAndGet()
                }
                delay(interval)
            }
        } finally {
            // a closed client holds no subscription any more (and refuses calls)
            if (client.state.value != ConnectionState.Closed) {
                withContext(NonCancellable) { client.unsubscribe(listOf("$commands+")) }
            }
        }
    }

    private suspend fun onCommand(message: MqttMessage) {
        val value = message.payloadAsString().trim()
        when (message.topic.substringAfterLast('/')) {
            "target" -> {
                val target = value.toDoubleOrNull()?.takeIf { it in TARGET_RANGE }
                    ?: return reject("target must be a number of °C in $TARGET_RANGE, not '$value'")
                current.update { it.copy(target = target) }
            }
            "power" -> when (value) {
                "on", "off" -> current.update { it.copy(powerOn = value == "on") }
                else -> return reject("power must be 'on' or 'off', not '$value'")
            }
            else -> return reject("unknown command '${message.topic.substringAfterLast('/')}'")
        }
        publishState()
    }

    private suspend fun publishState() {
        client.publish(MqttMessage.text("devices/$deviceId/state", current.value.toJson()))
    }

    private suspend fun reject(why: String) {
        client.publish(MqttMessage.text("devices/$deviceId/errors", why))
    }

    private companion object {
        val TARGET_RANGE = 5.0..30.0
    }
}
