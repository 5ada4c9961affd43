package dev.iotsdk.samples.heater

import dev.iotsdk.core.PublishRejectedException
import dev.iotsdk.test.FakeIotMqttClient
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * The heater's logic, tested the way a user tests device code: against `FakeIotMqttClient` (no broker, no sockets),
 * in virtual time, so the 5-second telemetry interval costs nothing.
 */
class HeaterControllerTest :
    FunSpec({
        /** A running controller on a connected fake, its sensor reading [readings] in turn; returns both. */
        suspend fun TestScope.heater(vararg readings: Double): Pair<FakeIotMqttClient, HeaterController> {
            val fake = FakeIotMqttClient("heater-1")
            fake.connect()
            var next = 0
            val controller = HeaterController(fake, "heater-1", 5.seconds) { readings[next++ % readings.size] }
            backgroundScope.launch { controller.run() }
            fake.awaitSubscribed("devices/heater-1/commands/+")
            return fake to controller
        }

        test("it announces its state once subscribed, then applies a target command and answers it") {
            runTest {
                val (fake, controller) = heater(19.0)
                fake.awaitPublish("devices/heater-1/state").payloadAsString() shouldContain "\"target\":20.0"
                fake.clearPublished()
                fake.deliver("devices/heater-1/commands/target", "21.5") shouldBe true
                fake.awaitPublish("devices/heater-1/state").payloadAsString() shouldContain "\"target\":21.5"
                controller.state.value.target shouldBe 21.5
            }
        }

        test("telemetry goes out every interval and says whether it heats") {
            runTest {
                val (fake, _) = heater(19.0, 20.5, 21.0)
                advanceTimeBy(10.seconds + 1.milliseconds)
                val telemetry = fake.published.filter { it.topic == "devices/heater-1/telemetry" }
                telemetry.map { it.payloadAsString().substringAfter("\"heating\":").trimEnd('}') } shouldContainExactly
                    listOf("true", "false", "false")
                fake.deliver("devices/heater-1/commands/power", "off")
                fake.deliver("devices/heater-1/commands/target", "25")
                runCurrent()
                fake.awaitPublish("devices/heater-1/state") { it.payloadAsString().contains("25.0") }
                    .payloadAsString() shouldContain "\"power\":\"off\""
            }
        }

        test("a bad command is refused on the errors topic and changes nothing") {
            runTest {
                val (fake, controller) = heater(19.0)
                fake.deliver("devices/heater-1/commands/target", "hot")
                fake.deliver("devices/heater-1/commands/target", "80")
                fake.deliver("devices/heater-1/commands/open", "now")
                runCurrent()
                fake.published.filter { it.topic == "devices/heater-1/errors" }.map { it.payloadAsString() }.let {
                    it.size shouldBe 3
                    it[0] shouldContain "'hot'"
                    it[1] shouldContain "'80'"
                    it[2] shouldContain "unknown command 'open'"
                }
                controller.state.value.target shouldBe 20.0
            }
        }

        test("telemetry the broker rejects is counted, and the next reading still goes out") {
            runTest {
                val (fake, controller) = heater(19.0)
                fake.failPublishes(
                    PublishRejectedException("devices/heater-1/telemetry", 0x87, "NOT_AUTHORIZED"),
                    "devices/heater-1/telemetry",
                    times = 1,
                )
                advanceTimeBy(5.seconds + 1.milliseconds) // the first reading went out before the failure was set
                fake.clearPublished()
                advanceTimeBy(5.seconds)
                controller.telemetryFailures shouldBe 1
                controller.lastTelemetryFailure.shouldBeInstanceOf<PublishRejectedException>()
                fake.awaitPublish("devices/heater-1/telemetry")
            }
        }

        test("after a reconnect it reports its state again, and telemetry waits for the connection") {
            runTest {
                val (fake, _) = heater(19.0)
                fake.simulateConnectionLost()
                fake.clearPublished()
                advanceTimeBy(20.seconds)
                fake.published shouldBe emptyList() // the telemetry publish waits for the connection, as it would
                fake.simulateReconnect(sessionPresent = false)
                fake.awaitPublish("devices/heater-1/state")
                fake.awaitPublish("devices/heater-1/telemetry")
                fake.subscribeRequests.size shouldBe 2 // the client restored the commands subscription
            }
        }

        test("stopping the controller unsubscribes from the commands") {
            runTest {
                val fake = FakeIotMqttClient("heater-1")
                fake.connect()
                val running = backgroundScope.launch { HeaterController(fake, "heater-1") { 20.0 }.run() }
                fake.awaitSubscribed("devices/heater-1/commands/+")
                running.cancel()
                fake.awaitUnsubscribed("devices/heater-1/commands/+")
            }
        }
    })
