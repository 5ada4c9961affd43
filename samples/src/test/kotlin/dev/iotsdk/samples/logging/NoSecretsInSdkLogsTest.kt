package dev.iotsdk.samples.logging

import dev.iotsdk.auth.CognitoCredentialsProvider
import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.IotCredentialsProvider
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.dataplane.DataPlaneServiceException
import dev.iotsdk.dataplane.IotDataPlaneClient
import dev.iotsdk.provisioning.FleetProvisioning
import dev.iotsdk.provisioning.PemCredentialsStore
import dev.iotsdk.provisioning.ProvisioningClient
import dev.iotsdk.samples.provisioning.emulatorClaimConnection
import dev.iotsdk.samples.provisioning.setUpFactory
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files

/**
 * Issue 22 item 3: with every SDK and HiveMQ client logger at DEBUG, no log line (message or stack trace) holds a
 * private key, certificate ownership token, secret access key, session token, OpenID token or SigV4 signature during
 * fleet provisioning (CreateKeysAndCertificate + RegisterThing, by hand and with `FleetProvisioning`), the IoT
 * credentials provider, a WebSocket SigV4 connect with its temporary credentials, data-plane calls (accepted and
 * refused) and a refused Cognito login; and the new log lines of iot-provisioning, iot-auth and iot-dataplane are
 * there. iot-core's `NoSecretsInLogsTest` covers mutual TLS, SigV4 with a refused session token and custom
 * authorizers.
 */
class NoSecretsInSdkLogsTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val trust = TrustMaterial.fromPemFile(emu.caPath)
        val logs = CapturedLogs("dev.iotsdk", "com.hivemq.client")
        val secrets = mutableListOf<String>()
        afterSpec { logs.close() }

        /** Every client-side line: the SDK's and HiveMQ client's loggers, not the emulator's (the server). */
        fun clientLines(): List<String> = logs.lines { !it.startsWith("dev.iotsdk.emulator") }

        fun lines(logger: String): List<String> = logs.lines { it == logger }

        /** Fails when a line holds one of [secrets], a SigV4 signature or a PEM block. */
        fun shouldHoldNoSecret(lines: List<String>) {
            for (line in lines) {
                for (secret in secrets) withClue("a log line holds a secret") { line shouldNotContain secret }
                line shouldNotContain "X-Amz-Signature"
                line shouldNotContain "Signature="
                line shouldNotContain "-----BEGIN"
            }
        }

        /** The lines of a PEM body long enough to be distinctive. */
        fun pemBody(pem: String): List<String> = pem.lines().filter { !it.startsWith("-----") && it.length > 20 }

        test("fleet provisioning logs its steps, never the private key or the ownership token") {
            val claim = setUpFactory(emu, "logs-factory") {}
            IotMqttClient.create(emulatorClaimConnection(emu, claim, "logs-claim")).use { mqtt ->
                mqtt.connect()
                ProvisioningClient(mqtt).use { provisioning ->
                    val keys = provisioning.createKeysAndCertificate()
                    secrets += pemBody(keys.privateKey) + keys.certificateOwnershipToken
                    provisioning.registerThing(
                        "logs-factory",
                        keys.certificateOwnershipToken,
                        mapOf(
                            "SerialNumber" to "5001",
                        ),
                    )
                }
            }
            val identity = Files.createTempDirectory("logs").resolve("identity.pem")
            FleetProvisioning {
                this.claim = emulatorClaimConnection(emu, claim, "logs-claim-2")
                templateName = "logs-factory"
                parameters = mapOf("SerialNumber" to "5002")
                store = PemCredentialsStore(identity)
            }.connectOrProvision().use { device ->
                device.client.publish(MqttMessage.text("telemetry/${device.credentials.thingName}", "{}"))
                secrets += pemBody(device.credentials.privateKeyPem)
            }
            val provisioningLines = lines("dev.iotsdk.provisioning.FleetProvisioning")
            withClue(provisioningLines) {
                provisioningLines.filter { it.startsWith("INFO Thing 'sensor-5002' registered") }.shouldNotBeEmpty()
                provisioningLines.filter { it.startsWith("DEBUG Provisioning step REGISTER_THING done") }
                    .shouldNotBeEmpty()
            }
        }

        test("credentials provider, SigV4 WebSocket and data plane log what they do, never a credential") {
            emu.createRoleAlias("logs-role", "arn:aws:iam::${emu.accountId}:role/logs")
            val device = emu.registerThing("logs-device")
            // the builder a Java device uses
            IotCredentialsProvider.builder().endpoint("${emu.endpoint}:${emu.port8443}").roleAlias("logs-role")
                .thingName(device.thingName).identity(TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem))
                .trust(trust).build().use { provider ->
                    val temporary = provider.resolve()
                    secrets += listOf(temporary.secretAccessKey, checkNotNull(temporary.sessionToken))
                    secrets += pemBody(device.privateKeyPem)
                    IotMqttClient {
                        endpoint = emu.endpoint
                        port = emu.port443
                        connectionType = ConnectionType.WebSocketSigV4(provider, emu.region)
                        this.trust = trust
                        clientId = "logs-ws"
                    }.use { it.connect() }
                    IotDataPlaneClient {
                        endpoint = "https://localhost:${emu.port443}"
                        region = emu.region
                        credentialsProvider = provider
                        this.trust = trust
                    }.use { client ->
                        client.updateThingShadow("logs-device", """{"state":{"reported":{"on":true}}}""".toByteArray())
                        client.publish("devices/logs-device/hello", "hello".toByteArray(), qos = 1)
                    }
                }
            val forged = "forged-secret-access-key-must-not-be-logged"
            secrets += forged
            IotDataPlaneClient {
                endpoint = "https://localhost:${emu.port443}"
                region = emu.region
                credentialsProvider = StaticCredentialsProvider(Credentials("AKIAFORGED", forged))
                this.trust = trust
            }.use { client -> shouldThrow<DataPlaneServiceException> { client.getThingShadow("logs-device") } }
            lines("dev.iotsdk.auth.CredentialsProvider").filter { it.startsWith("INFO") && "new credentials" in it }
                .shouldNotBeEmpty()
            lines("dev.iotsdk.dataplane.IotDataPlaneClient").filter { it.startsWith("DEBUG UpdateThingShadow") }
                .shouldNotBeEmpty()
        }

        test("a refused Cognito login is logged at WARN without its token") {
            val pool = emu.createIdentityPool("logs-pool", allowUnauthenticated = false)
            val token = "open-id-token-must-not-be-logged"
            secrets += token
            CognitoCredentialsProvider {
                identityPoolId = pool
                region = emu.region
                endpoint = "https://localhost:${emu.port443}"
                this.trust = trust
                logins = mapOf("accounts.example.com" to token)
                maxAttempts = 1
            }.use { cognito -> shouldThrow<CredentialsException> { cognito.resolve() } }
            lines("dev.iotsdk.auth.CredentialsProvider").filter { it.startsWith("WARN") }.shouldNotBeEmpty()
        }

        // runs last (Kotest runs a spec's tests in the order they are declared)
        test("no log line of the tests above holds a secret, a signature or a PEM") {
            secrets.shouldNotBeEmpty()
            clientLines().shouldNotBeEmpty()
            shouldHoldNoSecret(clientLines())
            // and the check would see one: every secret collected above, planted in a line
            for (secret in secrets) shouldThrow<AssertionError> { shouldHoldNoSecret(listOf("INFO x${secret}x")) }
        }
    })
