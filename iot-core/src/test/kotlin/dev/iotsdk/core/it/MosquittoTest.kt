package dev.iotsdk.core.it

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.IotMqttClientConfig
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.MqttVersion
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.mosquitto.MosquittoBroker
import dev.iotsdk.emulator.proxy.TcpFaultProxy
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout
import kotlin.time.Duration.Companion.seconds

class MosquittoTest :
    FunSpec({
        val broker = MosquittoBroker.start()
        afterSpec { broker.close() }

        fun client(
            id: String,
            version: MqttVersion,
            block: IotMqttClientConfig.Builder.() -> Unit = {
            },
        ) = IotMqttClient {
            endpoint = broker.host
            port = broker.plainPort
            connectionType = ConnectionType.Tcp()
            clientId = id
            mqttVersion = version
            awsIotLimits = false
            reconnect = FAST_RECONNECT
            block()
        }

        suspend fun IotMqttClient.receiveOne(
            filter: String,
            publisher: IotMqttClient,
            message: MqttMessage,
        ): MqttMessage = openSubscription(filter).use { sub ->
            publisher.publish(message)
            withTimeout(10.seconds) { sub.messages.first() }
        }

        withData(MqttVersion.MQTT_5, MqttVersion.MQTT_3_1_1) { version ->
            val v = version.name
            client("sub-$v", version).use { sub ->
                client("pub-$v", version).use { pub ->
                    sub.connect()
                    pub.connect()
                    // QoS 1 publish/subscribe
                    val m = sub.receiveOne("m/$v/+", pub, MqttMessage.text("m/$v/a", "qos1", Qos.AT_LEAST_ONCE))
                    m.payloadAsString() shouldBe "qos1"
                    pub.publish(MqttMessage.text("m/$v/a", "acked", Qos.AT_LEAST_ONCE)).qos shouldBe Qos.AT_LEAST_ONCE
                    // retained: a new subscription gets the retained message with the retain flag
                    pub.publish(MqttMessage.text("r/$v", "kept", Qos.AT_LEAST_ONCE, retain = true))
                    val retained = withTimeout(10.seconds) { sub.subscribe("r/$v").first() }
                    retained.payloadAsString() shouldBe "kept"
                    retained.retain shouldBe true
                }
            }
        }

        test("the last will is published when a client disappears") {
            TcpFaultProxy("127.0.0.1", broker.plainPort).start().use { proxy ->
                client("watcher", MqttVersion.MQTT_5).use { watcher ->
                    client("dying", MqttVersion.MQTT_5) {
                        port = proxy.port
                        will = MqttMessage.text("wills/dying", "gone", Qos.AT_LEAST_ONCE)
                    }.use { dying ->
                        watcher.connect()
                        dying.connect()
                        // active once openSubscription returns (after the SUBACK): the cut cannot outrun it
                        watcher.openSubscription("wills/#").use { wills ->
                            proxy.cutAll()
                            withTimeout(15.seconds) { wills.messages.first() }.payloadAsString() shouldBe "gone"
                        }
                    }
                }
            }
        }

        test("TLS with a client certificate") {
            val cert = broker.issueClientCertificate("device-tls")
            IotMqttClient {
                endpoint = broker.host
                port = broker.tlsPort!!
                connectionType =
                    ConnectionType.Tcp(
                        tls = true,
                        identity = TlsIdentity.fromPem(cert.certificatePem, cert.privateKeyPem),
                    )
                trust = TrustMaterial.fromPem(broker.caCertificatePem)
                clientId = "device-tls"
                awsIotLimits = false
            }.use { c ->
                c.connect()
                c.receiveOne("tls/#", c, MqttMessage.text("tls/x", "secure")).payloadAsString() shouldBe "secure"
            }
        }
    })
