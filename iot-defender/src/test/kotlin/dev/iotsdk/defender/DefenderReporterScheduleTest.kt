package dev.iotsdk.defender

import dev.iotsdk.test.FakeIotMqttClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.long
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/** The reporter's schedule in virtual time, against the test kit's fake MQTT client answering as AWS does. */
class DefenderReporterScheduleTest :
    FunSpec({
        test("reports go out at 0, 5 and 10 minutes, never faster than AWS's 300 s; a rejection does not stop it") {
            runTest {
                val fake = FakeIotMqttClient("t1")
                fake.connect()
                val topic = "\$aws/things/t1/defender/metrics/json"
                val sentAt = CopyOnWriteArrayList<Long>()
                fake.onPublish(topic) { message ->
                    sentAt += testScheduler.currentTime
                    val id = Json.parseToJsonElement(message.payloadAsString()).jsonObject.getValue("header")
                        .jsonObject.getValue("report_id").jsonPrimitive.long
                    val outcome = if (sentAt.size == 2) "rejected" else "accepted"
                    val details = if (outcome == "rejected") {
                        ",\"statusDetails\":{\"ErrorCode\":\"InvalidPayload\",\"ErrorMessage\":\"Malformed metrics report\"}"
                    } else {
                        ""
                    }
                    launch { fake.deliver("$topic/$outcome", "{\"thingName\":\"t1\",\"reportId\":$id$details}") }
                }
                val reporter = DefenderReporter(
                    DefenderClient(fake, "t1"),
                    customMetrics = mapOf("uptime" to CustomMetricProvider { CustomMetricValue.number(1L) }),
                )
                val events = reporter.run().take(3).toList()
                sentAt shouldBe listOf(0L, 5.minutes.inWholeMilliseconds, 10.minutes.inWholeMilliseconds)
                events[0].shouldBeInstanceOf<DefenderReportEvent.Accepted>()
                events[1].shouldBeInstanceOf<DefenderReportEvent.Rejected>().error.code shouldBe
                    DefenderErrorCode.INVALID_PAYLOAD
                events[2].shouldBeInstanceOf<DefenderReportEvent.Accepted>()
                events.map { it.reportIdOrNull()!! }.zipWithNext().all { (a, b) -> b > a } shouldBe true
            }
        }

        test("a period under AWS's 300 s is refused; a second concurrent run is refused") {
            shouldThrow<IllegalArgumentException> { DefenderReporterOptions(period = 299.seconds) }
            DefenderReporterOptions.MINIMUM_PERIOD shouldBe 300.seconds
            runTest {
                val fake = FakeIotMqttClient("t2")
                fake.connect()
                val reporter = DefenderReporter(
                    DefenderClient(fake, "t2"),
                    customMetrics = mapOf("n" to CustomMetricProvider { CustomMetricValue.number(1L) }),
                )
                val first = backgroundScope.launch { reporter.run().collect { } }
                testScheduler.runCurrent()
                shouldThrow<IllegalStateException> { reporter.run().collect { } }
                first.cancel()
            }
        }

        test("a provider that throws fails that report only; the next period goes on") {
            runTest {
                val fake = FakeIotMqttClient("t3")
                fake.connect()
                var calls = 0
                val reporter = DefenderReporter(
                    DefenderClient(fake, "t3"),
                    customMetrics = mapOf(
                        "n" to CustomMetricProvider {
                            calls++
                            if (calls == 1) error("sensor offline") else CustomMetricValue.number(1L)
                        },
                    ),
                )
                fake.onPublish("\$aws/things/t3/defender/metrics/json") {
                    launch { fake.deliver("\$aws/things/t3/defender/metrics/json/accepted", "{\"thingName\":\"t3\"}") }
                }
                val events = reporter.run().take(2).toList()
                events[0].shouldBeInstanceOf<DefenderReportEvent.Failed>().report shouldBe null
                events[1].shouldBeInstanceOf<DefenderReportEvent.Accepted>()
                testScheduler.currentTime shouldBe 5.minutes.inWholeMilliseconds
            }
        }
    })

private fun DefenderReportEvent.reportIdOrNull(): Long? = when (this) {
    is DefenderReportEvent.Accepted -> report.reportId
    is DefenderReportEvent.Rejected -> report.reportId
    is DefenderReportEvent.Failed -> report?.reportId
}
