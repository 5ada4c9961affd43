package dev.iotsdk.emulator.mosquitto

import io.kotest.assertions.nondeterministic.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.test.TestScope
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.nio.file.Files
import kotlin.time.Duration.Companion.seconds

/**
 * Runs against a real mosquitto, which must be installed (no test passes by skipping); `.ci/run`
 * installs it and a missing broker must fail the build.
 */
class MosquittoBrokerTest :
    FunSpec({

        fun brokerTest(name: String, block: suspend TestScope.() -> Unit) = test(name, block)

        brokerTest("plain TCP carries an MQTT 5 round trip") {
            MosquittoBroker.start().use { broker ->
                roundTrip5(mqtt5(broker, broker.plainPort))
            }
        }

        brokerTest("plain TCP carries an MQTT 3.1.1 round trip") {
            MosquittoBroker.start(MosquittoConfig(tls = false)).use { broker ->
                broker.tlsPort.shouldBeNull()
                roundTrip3(broker, broker.plainPort)
            }
        }

        brokerTest("mutual TLS with an issued client certificate carries MQTT 5 and 3.1.1 round trips") {
            MosquittoBroker.start().use { broker ->
                val tlsPort = broker.tlsPort.shouldNotBeNull()
                val device = broker.issueClientCertificate("thing-1")
                device.certificatePem shouldStartWith "-----BEGIN CERTIFICATE-----"
                device.privateKeyPem shouldStartWith "-----BEGIN PRIVATE KEY-----"
                Files.readString(device.certificatePath) shouldBe device.certificatePem
                Files.readString(device.privateKeyPath) shouldBe device.privateKeyPem
                Files.readString(broker.caPath) shouldBe broker.caCertificatePem
                device.certificate.subjectX500Principal.name shouldBe "CN=thing-1"

                roundTrip5(mqtt5(broker, tlsPort, sslConfig(broker, device)))
                roundTrip3(broker, tlsPort, sslConfig(broker, device))
            }
        }

        brokerTest("a client without a certificate is refused on the TLS port") {
            MosquittoBroker.start().use { broker ->
                val client = mqtt5(broker, broker.tlsPort.shouldNotBeNull(), sslConfig(broker, certificate = null))
                shouldThrowAny { client.connect() }
                client.state.isConnected shouldBe false
            }
        }

        brokerTest("configured limits reach the broker") {
            MosquittoBroker.start(MosquittoConfig(tls = false, maxInflightMessages = 7)).use { broker ->
                val client = mqtt5(broker, broker.plainPort)
                val connAck = client.connect()
                try {
                    connAck.restrictions.receiveMaximum shouldBe 7
                } finally {
                    client.disconnect()
                }
            }
        }

        brokerTest("a config mosquitto rejects fails start with its log") {
            val error = shouldThrow<IllegalStateException> {
                MosquittoBroker.start(MosquittoConfig(tls = false, extraConfig = "no_such_option 1"))
            }
            error.message shouldContain "no_such_option"
        }

        brokerTest("stop ends the process, frees the ports and deletes the folder; it is idempotent") {
            val broker = MosquittoBroker.start()
            try {
                val ports = listOf(broker.plainPort, broker.tlsPort.shouldNotBeNull())
                broker.issueClientCertificate("thing-2")
                broker.isRunning shouldBe true
                // the log is read by its own thread: the port may accept before the first line was read
                eventually(5.seconds) { broker.logTail() shouldContain "mosquitto version" }

                broker.stop()

                broker.isRunning shouldBe false
                Files.exists(broker.caPath) shouldBe false
                ports.forEach { port ->
                    ServerSocket().use { it.bind(InetSocketAddress(InetAddress.getLoopbackAddress(), port)) }
                }
                shouldThrow<IllegalStateException> { broker.issueClientCertificate("late") }
            } finally {
                broker.close()
            }
        }
    })
