package dev.iotsdk.defender

import dev.iotsdk.core.Qos
import dev.iotsdk.test.IotEmulatorExtension
import dev.iotsdk.test.mtlsClient
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.flow.first
import kotlinx.serialization.json.Json
import java.time.Duration

/** DefenderClient and DefenderReporter against the emulator over mutual TLS. */
class DefenderClientTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        fun report(id: Long) = MetricsReport(
            id,
            DeviceMetrics(
                listeningTcpPorts = ListeningPorts(listOf(ListeningPort(22, "eth0"), ListeningPort(443))),
                listeningUdpPorts = ListeningPorts(listOf(ListeningPort(5353))),
                networkStats = NetworkStats(100, 200, 3, 4),
                tcpConnections = TcpConnections(listOf(TcpConnection("192.168.0.1:8000", 80, "eth0"))),
            ),
            mapOf(
                "uptime" to CustomMetricValue.number(3600L),
                "cpu" to CustomMetricValue.numberList(listOf(0.5, 1.5)),
                "nics" to CustomMetricValue.stringList(listOf("eth0")),
                "peers" to CustomMetricValue.ipAddressList(listOf("10.0.0.1", "fe80::1")),
            ),
        )

        for (format in ReportFormat.entries) {
            for (keys in KeyNames.entries) {
                test("$format with $keys keys: accepted, and the emulator holds exactly the report sent") {
                    val device = emulator.registerThing("defender-$format-$keys")
                    emulator.mtlsClient(device).use { mqtt ->
                        mqtt.connect()
                        val client = DefenderClient(mqtt, device.thingName, DefenderClientOptions(format, keys))
                        val sent = report(client.nextReportId())
                        val accepted = client.send(sent)
                        accepted.reportId shouldBe sent.reportId
                        accepted.thingName shouldBe device.thingName
                        val received = emulator.defender.reports(device.thingName).single()
                        received.accepted shouldBe true
                        received.format shouldBe format.topicSuffix
                        Json.parseToJsonElement(received.json!!) shouldBe
                            Json.parseToJsonElement(MetricsReportCodec.toJson(sent, KeyNames.LONG))
                    }
                }
            }
        }

        test("report ids increase: the client refuses a repeat; a second client reusing an id is rejected by AWS") {
            val device = emulator.registerThing("defender-ids")
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                val client = DefenderClient(mqtt, device.thingName)
                val first = client.nextReportId()
                client.nextReportId() shouldBe first + 1
                client.send(report(first + 5))
                shouldThrow<IllegalArgumentException> { client.send(report(first + 5)) }.message shouldContain
                    "must increase"
                (client.nextReportId() > first + 5) shouldBe true

                // another process of the same device, restarted with an old id: the service rejects it
                val other = DefenderClient(mqtt, device.thingName)
                val rejected = shouldThrow<DefenderRejectedException> { other.send(report(first)) }
                rejected.code shouldBe DefenderErrorCode.INVALID_PAYLOAD
                rejected.serviceMessage!! shouldStartWith "Malformed metrics report"
                rejected.reportId shouldBe first
                rejected.isRetryable shouldBe false
            }
        }

        test("AWS's documented malformed report (number not in an array) gets AWS's rejection, verbatim fields") {
            val device = emulator.registerThing("defender-malformed")
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                val topic = "\$aws/things/${device.thingName}/defender/metrics/json"
                val bad = checkNotNull(
                    javaClass.getResource("/fixtures/defender/defender-report-number-not-array.json"),
                )
                    .readBytes()
                mqtt.openSubscription("$topic/rejected").use { sub ->
                    mqtt.publish(topic, bad, Qos.AT_LEAST_ONCE)
                    val answer = Json.parseToJsonElement(sub.messages.first().payload.decodeToString()).toString()
                    answer shouldContain "\"status\":\"REJECTED\""
                    answer shouldContain "\"ErrorCode\":\"InvalidPayload\""
                    answer shouldContain "\"ErrorMessage\":\"Malformed metrics report"
                    answer shouldContain "\"thingName\":\"${device.thingName}\""
                }
                emulator.defender.acceptedReports(device.thingName).shouldBeEmpty()
                emulator.defender.reports(device.thingName).single().errorCode shouldBe "InvalidPayload"
            }
        }

        test("with AWS's throttling on, a second report within 5 minutes is rejected Throttled (retryable)") {
            val device = emulator.registerThing("defender-throttle")
            emulator.defender.throttle(Duration.ofMinutes(5))
            try {
                emulator.mtlsClient(device).use { mqtt ->
                    mqtt.connect()
                    val client = DefenderClient(mqtt, device.thingName, DefenderClientOptions(ReportFormat.CBOR))
                    client.send(report(client.nextReportId()))
                    val throttled =
                        shouldThrow<DefenderRejectedException> { client.send(report(client.nextReportId())) }
                    throttled.code shouldBe DefenderErrorCode.THROTTLED
                    throttled.isRetryable shouldBe true
                }
            } finally {
                emulator.defender.throttle(null)
            }
        }

        test("the reporter sends its first report at once, from this machine's /proc and lambdas, and says accepted") {
            val device = emulator.registerThing("defender-reporter")
            emulator.mtlsClient(device).use { mqtt ->
                mqtt.connect()
                val reporter = DefenderReporter(
                    DefenderClient(mqtt, device.thingName),
                    ProcNetCollector(),
                    mapOf(
                        "uptime" to CustomMetricProvider { CustomMetricValue.number(42L) },
                        "skipped" to CustomMetricProvider { null },
                    ),
                )
                val event = reporter.run().first()
                val accepted = event.shouldBeInstanceOf<DefenderReportEvent.Accepted>()
                accepted.report.customMetrics.keys shouldBe setOf("uptime")
                // the MQTT connection to the emulator is an established TCP connection of this machine
                accepted.report.metrics!!.tcpConnections!!.connections.map { it.remoteAddress.substringAfterLast(':') }
                    .contains(emulator.mqttPort.toString()) shouldBe true
                emulator.defender.acceptedReports(device.thingName).single().reportId shouldBe accepted.report.reportId
            }
        }
    })
