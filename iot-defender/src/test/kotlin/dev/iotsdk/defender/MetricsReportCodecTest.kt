@file:OptIn(ExperimentalSerializationApi::class)

package dev.iotsdk.defender

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.SerialName
import kotlinx.serialization.Serializable
import kotlinx.serialization.cbor.Cbor
import kotlinx.serialization.json.Json

/** The report model against AWS's documented payloads (fixtures/defender, spec/defender.md sections 2-3). */
class MetricsReportCodecTest :
    FunSpec({
        fun fixture(name: String): String =
            checkNotNull(javaClass.getResource("/fixtures/defender/$name")) { name }.readText()

        val documented = MetricsReport(
            1530304554,
            DeviceMetrics(
                listeningTcpPorts = ListeningPorts(listOf(ListeningPort(24800, "eth0"))),
                listeningUdpPorts = ListeningPorts(listOf(ListeningPort(5353, "eth0"))),
                networkStats = NetworkStats(29358693495, 26485035, 10013573555, 11382615),
                tcpConnections = TcpConnections(listOf(TcpConnection("192.168.0.1:8000", 80, "eth0"))),
            ),
            mapOf("MyMetricOfType_Number" to CustomMetricValue.number(1L)),
        )

        test("the Developer Guide's long-name example reads into the model and is written back key for key") {
            val long = fixture("defender-report-long.json")
            MetricsReportCodec.fromJson(long) shouldBe documented
            Json.parseToJsonElement(MetricsReportCodec.toJson(documented, KeyNames.LONG)) shouldBe
                Json.parseToJsonElement(long)
        }

        test("the short-name example reads into the same model and is written back key for key") {
            val short = fixture("defender-report-short.json")
            MetricsReportCodec.fromJson(short) shouldBe documented
            Json.parseToJsonElement(MetricsReportCodec.toJson(documented, KeyNames.SHORT)) shouldBe
                Json.parseToJsonElement(short)
        }

        test("every custom metric type is written as an array of one object and read back, in both key styles") {
            val report = MetricsReport(
                7,
                null,
                mapOf(
                    "uptime" to CustomMetricValue.number(3600L),
                    "temperature" to CustomMetricValue.number(21.5),
                    "cpu_user_usage" to CustomMetricValue.numberList(listOf(1.0, 2.5)),
                    "network_interface_names" to CustomMetricValue.stringList(listOf("eth0", "wlan0")),
                    "network_interface_addresses" to
                        CustomMetricValue.ipAddressList(listOf("10.0.2.15", "fe80::1", "::ffff:10.0.0.1")),
                ),
            )
            val json = MetricsReportCodec.toJson(report, KeyNames.LONG)
            json shouldContain "\"uptime\":[{\"number\":3600}]"
            json shouldContain "\"temperature\":[{\"number\":21.5}]"
            json shouldContain "\"cpu_user_usage\":[{\"number_list\":[1,2.5]}]"
            json shouldContain "\"network_interface_names\":[{\"string_list\":[\"eth0\",\"wlan0\"]}]"
            json shouldContain "\"ip_list\":[\"10.0.2.15\",\"fe80::1\",\"::ffff:10.0.0.1\"]"
            MetricsReportCodec.fromJson(json) shouldBe report
            val short = MetricsReportCodec.toJson(report, KeyNames.SHORT)
            short shouldContain "\"cmet\":{\"uptime\":[{\"number\":3600}]"
            MetricsReportCodec.fromJson(short) shouldBe report
        }

        test("CBOR is the same document: decoded by kotlinx's CBOR format into long- and short-named classes") {
            val cbor = Cbor { ignoreUnknownKeys = true }
            val long = cbor.decodeFromByteArray(
                LongDoc.serializer(),
                MetricsReportCodec.encode(documented, ReportFormat.CBOR, KeyNames.LONG),
            )
            long.header.reportId shouldBe 1530304554
            long.header.version shouldBe "1.0"
            long.metrics.networkStats.bytesIn shouldBe 29358693495
            long.metrics.listeningTcpPorts.ports.single().port shouldBe 24800
            long.customMetrics.getValue("MyMetricOfType_Number").single().number shouldBe 1L
            val short = cbor.decodeFromByteArray(
                ShortDoc.serializer(),
                MetricsReportCodec.encode(documented, ReportFormat.CBOR, KeyNames.SHORT),
            )
            short.hed.rid shouldBe 1530304554
            short.cmet.getValue("MyMetricOfType_Number").single().number shouldBe 1L
            // definite-length map of 3 entries (0xA3), then the text key "header"
            MetricsReportCodec.encode(documented, ReportFormat.CBOR, KeyNames.LONG)[0] shouldBe 0xA3.toByte()
        }

        test("AWS's rejected cause, a number not wrapped in an array, is refused with the field named") {
            val e = shouldThrow<IllegalArgumentException> {
                MetricsReportCodec.fromJson(fixture("defender-report-number-not-array.json"))
            }
            e.message shouldContain "MyMetricOfType_Number must be an array"
        }

        test("what AWS would refuse is refused when the report is built, without echoing the values") {
            shouldThrow<IllegalArgumentException> { ListeningPort(0) }
            shouldThrow<IllegalArgumentException> { ListeningPort(65536) }
            shouldThrow<IllegalArgumentException> { NetworkStats(-1, 0, 0, 0) }
            shouldThrow<IllegalArgumentException> {
                MetricsReport(0, DeviceMetrics(networkStats = NetworkStats(1, 1, 1, 1)))
            }
            shouldThrow<IllegalArgumentException> { MetricsReport(1, DeviceMetrics()) }
            shouldThrow<IllegalArgumentException> {
                MetricsReport(1, null, mapOf("aws:reserved" to CustomMetricValue.number(1L)))
            }
            shouldThrow<IllegalArgumentException> {
                MetricsReport(1, null, mapOf("has space" to CustomMetricValue.number(1L)))
            }
            shouldThrow<IllegalArgumentException> { CustomMetricValue.number(Double.NaN) }
            val secret = "secret-host.example.com"
            shouldThrow<IllegalArgumentException> { CustomMetricValue.ipAddressList(listOf(secret)) }
                .message!! shouldNotContain secret
            shouldThrow<IllegalArgumentException> { CustomMetricValue.ipAddressList(listOf("1.2.3.256")) }
            shouldThrow<IllegalArgumentException> { CustomMetricValue.ipAddressList(listOf("1::2::3")) }
            shouldThrow<IllegalArgumentException> { TcpConnection("10.0.0.1") }
            shouldThrow<IllegalArgumentException> { TcpConnection("10.0.0.1:70000") }
            TcpConnection("[fe80::1]:443").remoteAddress shouldBe "[fe80::1]:443"
            shouldThrow<IllegalArgumentException> { MetricsReportCodec.fromJson("{\"header\": ") }
        }
    })

@Serializable
private class LongDoc(
    val header: LongHeader,
    val metrics: LongMetrics,
    @SerialName("custom_metrics") val customMetrics: Map<String, List<NumberEntry>>,
)

@Serializable
private class LongHeader(@SerialName("report_id") val reportId: Long, val version: String)

@Serializable
private class LongMetrics(
    @SerialName("listening_tcp_ports") val listeningTcpPorts: LongPorts,
    @SerialName("network_stats") val networkStats: LongStats,
)

@Serializable
private class LongPorts(val ports: List<LongPort>, val total: Int)

@Serializable
private class LongPort(val port: Int, @SerialName("interface") val name: String? = null)

@Serializable
private class LongStats(@SerialName("bytes_in") val bytesIn: Long)

@Serializable
private class NumberEntry(val number: Long)

@Serializable
private class ShortDoc(val hed: ShortHeader, val cmet: Map<String, List<NumberEntry>>)

@Serializable
private class ShortHeader(val rid: Long, val v: String)
