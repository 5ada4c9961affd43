package dev.iotsdk.provisioning

import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.PublishRejectedException
import dev.iotsdk.core.Qos
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import java.io.IOException
import java.nio.file.Files
import java.security.KeyPairGenerator
import java.security.cert.CertificateFactory
import java.security.cert.X509Certificate

class FleetProvisioningTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val dir = Files.createTempDirectory("fleet-provisioning-test")

        beforeSpec { emulator.createFactoryTemplate() }
        afterSpec { dir.toFile().deleteRecursively() }

        fun provisioning(
            name: String,
            serial: String,
            method: CertificateMethod = CertificateMethod.GenerateCsr(),
            listener: ProvisioningListener? = null,
            store: CredentialsStore = PemCredentialsStore(dir.resolve("$name.pem")),
        ): FleetProvisioning {
            val claim = emulator.issueClaimCertificate(TEMPLATE)
            return FleetProvisioning {
                this.claim = emulator.claimConfig(claim, "claim-$name")
                templateName = TEMPLATE
                parameters = mapOf("SerialNumber" to serial)
                this.store = store
                certificateMethod = method
                this.listener = listener
            }
        }

        /** The claim identity is only read by provisioning: the same settings still connect. */
        suspend fun claimStillConnects(p: FleetProvisioning) {
            val client = IotMqttClient.create(
                p.config.claim.toBuilder().apply {
                    clientId =
                        "${p.config.claim.clientId}-again"
                }.build(),
            )
            try {
                client.connect()
            } finally {
                client.close()
            }
        }

        test(
            "ProvisioningClient: CSR certificate, RegisterThing, and concurrent calls on one topic served one at " +
                "a time",
        ) {
            val claim = emulator.issueClaimCertificate(TEMPLATE)
            emulator.claimClient(claim, "claim-direct").use { mqtt ->
                mqtt.connect()
                ProvisioningClient(mqtt).use { provisioning ->
                    val csr = CertificateSigningRequest.generate(KeyType.RSA_2048)
                    val certificate = provisioning.createCertificateFromCsr(csr.pem)
                    val x509 = CertificateFactory.getInstance(
                        "X.509",
                    ).generateCertificate(certificate.certificatePem.byteInputStream()) as X509Certificate
                    x509.publicKey shouldBe csr.keyPair.public
                    val thing = provisioning.registerThing(
                        TEMPLATE,
                        certificate.certificateOwnershipToken,
                        mapOf(
                            "SerialNumber" to "1000",
                        ),
                    )
                    thing.thingName shouldBe "sensor-1000"
                    thing.deviceConfiguration shouldBe mapOf("telemetryTopic" to "telemetry")

                    val ids =
                        coroutineScope {
                            (1..3).map { async { provisioning.createKeysAndCertificate().certificateId } }.awaitAll()
                        }
                    ids.toSet().size shouldBe 3

                    val rejected = shouldThrow<ProvisioningRejectedException> {
                        provisioning.registerThing(TEMPLATE, "not-a-token", mapOf("SerialNumber" to "1001"))
                    }
                    rejected.statusCode shouldBe 400
                    rejected.errorCode shouldBe "InvalidCertificateOwnershipToken"
                    rejected.message!! shouldContain "create a new certificate"
                }
            }
        }

        test("provision by CSR: the device reconnects as its thing with its own certificate and publishes") {
            val p = provisioning("csr", "2000")
            p.provision().use { device ->
                device.provisioned shouldBe true
                device.credentials.thingName shouldBe "sensor-2000"
                device.deviceConfiguration shouldBe mapOf("telemetryTopic" to "telemetry")
                device.client.publish("telemetry/sensor-2000", "hello".encodeToByteArray(), Qos.AT_LEAST_ONCE)
                val connected = emulator.awaitEvent {
                    it is EmulatorEvent.ClientConnected && it.clientId == "sensor-2000"
                } as EmulatorEvent.ClientConnected
                connected.thingName shouldBe "sensor-2000"
                emulator.awaitEvent { it is EmulatorEvent.ClientDisconnected && it.clientId == "claim-csr" }
            }
            p.config.store.load()!!.thingName shouldBe "sensor-2000"
            p.connectOrProvision().use { again ->
                again.provisioned shouldBe false
                again.credentials.certificateId shouldBe p.config.store.load()!!.certificateId
            }
        }

        test("provision by CreateKeysAndCertificate stores AWS's key and connects with it") {
            provisioning("keys", "3000", CertificateMethod.CreateKeys).provision().use { device ->
                device.credentials.privateKeyPem shouldContain "RSA PRIVATE KEY"
                device.client.publish("telemetry/sensor-3000", "hello".encodeToByteArray(), Qos.AT_LEAST_ONCE)
            }
        }

        test("a rejected template parameter fails RegisterThing, stores nothing and leaves the claim usable") {
            val p = provisioning("bad-param", "abc")
            val e = shouldThrow<FleetProvisioningException> { p.provision() }
            e.step shouldBe ProvisioningStep.REGISTER_THING
            e.cause.shouldBeInstanceOf<ProvisioningRejectedException>().errorCode shouldBe "InvalidParameters"
            e.message!! shouldContain "claim identity is unchanged"
            p.config.store.load() shouldBe null
            claimStillConnects(p)
        }

        test("an expired ownership token fails RegisterThing with a typed error") {
            val p = provisioning("expired", "4000", listener = {
                if (it ==
                    ProvisioningStep.CREATE_CERTIFICATE
                ) {
                    emulator.expireOwnershipTokens()
                }
            })
            val e = shouldThrow<FleetProvisioningException> { p.provision() }
            e.step shouldBe ProvisioningStep.REGISTER_THING
            e.cause.shouldBeInstanceOf<ProvisioningRejectedException>().errorCode shouldBe
                "InvalidCertificateOwnershipToken"
            p.config.store.load() shouldBe null
            emulator.things().contains("sensor-4000") shouldBe false
            claimStillConnects(p)
        }

        test("a CSR the service refuses fails CREATE_CERTIFICATE") {
            val weak = KeyPairGenerator.getInstance("RSA").apply { initialize(1024) }.generateKeyPair()
            val p =
                provisioning(
                    "weak-csr",
                    "5000",
                    CertificateMethod.ProvidedCsr(CertificateSigningRequest.forKeyPair(weak)),
                )
            val e = shouldThrow<FleetProvisioningException> { p.provision() }
            e.step shouldBe ProvisioningStep.CREATE_CERTIFICATE
            e.cause.shouldBeInstanceOf<ProvisioningRejectedException>().errorCode shouldBe
                "InvalidCertificateSigningRequest"
            p.config.store.load() shouldBe null
        }

        test(
            "a disconnect between the certificate and RegisterThing is survived: the client reconnects and registers",
        ) {
            val p = provisioning("cut", "6000", listener = {
                if (it == ProvisioningStep.CREATE_CERTIFICATE) emulator.disconnectClient("claim-cut") shouldBe true
            })
            p.provision().use { device -> device.credentials.thingName shouldBe "sensor-6000" }
            emulator.awaitEvent {
                it is EmulatorEvent.ClientDisconnected &&
                    it.clientId == "claim-cut" &&
                    it.reason == "API_INITIATED_DISCONNECT"
            }
        }

        test("a store that cannot save fails PERSIST and the claim identity stays usable") {
            val broken = object : CredentialsStore {
                override fun load(): DeviceCredentials? = null
                override fun save(credentials: DeviceCredentials): Unit = throw IOException("disk full")
            }
            val p = provisioning("persist", "7000", store = broken)
            val e = shouldThrow<FleetProvisioningException> { p.provision() }
            e.step shouldBe ProvisioningStep.PERSIST
            e.isRetryable shouldBe true
            claimStillConnects(p)
        }

        test("the claim certificate is refused outside the provisioning topics") {
            val claim = emulator.issueClaimCertificate(TEMPLATE)
            emulator.claimClient(claim, "claim-limited").use { mqtt ->
                mqtt.connect()
                shouldThrow<PublishRejectedException> {
                    mqtt.publish("telemetry/x", "x".encodeToByteArray(), Qos.AT_LEAST_ONCE)
                }
                emulator.awaitEvent { it is EmulatorEvent.AuthorizationDenied && it.clientId == "claim-limited" }
            }
        }
    })
