package dev.iotsdk.emulator

import com.hivemq.client.mqtt.MqttGlobalPublishFilter
import com.hivemq.client.mqtt.datatypes.MqttQos
import dev.iotsdk.emulator.provisioning.ProvisioningDevice
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.io.BufferedReader
import java.io.InputStreamReader
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * Issue 20 item 8. A service shared by many devices must not be stalled by a few slow or greedy ones: AWS IoT's HTTPS
 * endpoints time out slow requests and idle connections, and its MQTT services serve each connection within its own
 * limits (spec/connect.md §6.1: in-flight and per-connection throughput limits), so one client's load never
 * freezes another's requests. Nothing expensive happens for a client that has not authenticated.
 */
class SlowClientsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension()) {
            httpRequestTimeoutMillis = 30_000
        }

        test("slow HTTP clients hold no service thread: a device is served at once while 40 of them stall") {
            val slowBodies = (1..32).map { i ->
                Tls.socket(emu, emu.port443, emptyList()).also { s ->
                    s.outputStream.write(
                        (
                            "POST /topics/slow%2F$i HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\n" +
                                "only the first bytes"
                            ).toByteArray(),
                    )
                    s.outputStream.flush()
                }
            }
            val slowHeads = (1..8).map {
                Tls.socket(
                    emu,
                    emu.port8443,
                    emptyList(),
                    emu.registerThing("slow-head-$it").let { d ->
                        d.certificatePem to d.privateKeyPem
                    },
                ).also { s ->
                    s.outputStream.write("GET /things/x/shadow HTTP/1.1\r\nHost: loc".toByteArray())
                    s.outputStream.flush()
                }
            }
            val device = emu.registerThing("slow-bystander")
            val http = HttpClient.newBuilder()
                .sslContext(Tls.context(emu.caCertificatePem, device.certificatePem to device.privateKeyPem))
                .connectTimeout(Duration.ofSeconds(5)).build()
            repeat(20) { n ->
                withClue("request $n of the well-behaved device") {
                    http.send(
                        HttpRequest.newBuilder(URI("https://localhost:${emu.port8443}/things/slow-bystander/shadow"))
                            .timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString(),
                    ).statusCode() shouldBe 404
                }
            }
            (slowBodies + slowHeads).forEach { it.close() }
        }

        test("a request that is not complete in time is answered 408 and closed; idle connections are closed") {
            IotEmulator {
                httpRequestTimeoutMillis = 300
                httpIdleTimeoutMillis = 600
            }.use { quick ->
                Tls.socket(quick, quick.port443, emptyList()).use { s ->
                    s.outputStream.write(
                        "POST /topics/t HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc".toByteArray(),
                    )
                    s.outputStream.flush()
                    val answer = s.inputStream.readAllBytes().decodeToString()
                    answer shouldStartWith "HTTP/1.1 408"
                }
                Tls.socket(quick, quick.port443, emptyList()).use { s ->
                    s.outputStream.write("GET /nothing HTTP/1.1\r\nHost: localhost\r\n\r\n".toByteArray())
                    s.outputStream.flush()
                    val reader = BufferedReader(InputStreamReader(s.inputStream))
                    reader.readLine() shouldStartWith "HTTP/1.1 404"
                    // the connection is kept alive, then closed by the server once idle: the read ends
                    reader.readText() shouldContain "Not Found"
                }
            }
        }

        test("one connection's expensive service requests do not stall another connection's") {
            val claim = emu.issueClaimCertificate("slow-template")
            val flooders = (1..2).map {
                ProvisioningDevice(emu, "slow-flooder-$it", claim.certificatePem, claim.privateKeyPem)
            }
            // each asks for 100 RSA key pairs at once, without waiting for answers
            for (flooder in flooders) {
                repeat(100) {
                    flooder.client.publishWith().topic("\$aws/certificates/create/json").qos(MqttQos.AT_MOST_ONCE)
                        .payload("{}".toByteArray()).send()
                }
            }
            val bystander = plain5(emu, "slow-shadow-client").also { it.connect() }
            val inbox = bystander.publishes(MqttGlobalPublishFilter.ALL)
            bystander.subscribeWith().topicFilter("\$aws/things/slow-shadow/shadow/get/+")
                .qos(MqttQos.AT_LEAST_ONCE).send()
            repeat(3) {
                bystander.publishWith().topic("\$aws/things/slow-shadow/shadow/get").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{}".toByteArray()).send()
                val answer = inbox.receive(5, TimeUnit.SECONDS)
                withClue("shadow answer $it while the key generation flood runs") { answer.isPresent shouldBe true }
                answer.get().topic.toString() shouldBe "\$aws/things/slow-shadow/shadow/get/rejected"
            }
            // an anonymous (plain port) client gets no key generated at all
            val anonymous = plain5(emu, "slow-anonymous").also { it.connect() }
            val anonymousInbox = anonymous.publishes(MqttGlobalPublishFilter.ALL)
            anonymous.subscribeWith().topicFilter("\$aws/certificates/create/json/+").qos(MqttQos.AT_LEAST_ONCE).send()
            anonymous.publishWith().topic("\$aws/certificates/create/json").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{}".toByteArray()).send()
            val refused = anonymousInbox.receive(5, TimeUnit.SECONDS).get()
            refused.topic.toString() shouldBe "\$aws/certificates/create/json/rejected"
            refused.payloadAsBytes.decodeToString() shouldContain "AccessDenied"
            listOf(bystander, anonymous).forEach { it.disconnect() }
            flooders.forEach { it.close() }
        }
    })
