package dev.iotsdk.auth.credentials

import dev.iotsdk.auth.CredentialsNotAuthorizedException
import dev.iotsdk.auth.CredentialsResourceNotFoundException
import dev.iotsdk.auth.CredentialsThrottledException
import dev.iotsdk.auth.IotCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.time.Instant
import kotlin.time.Duration.Companion.minutes

class IotCredentialsProviderTest : FunSpec({
    val emulator = install(IotEmulatorExtension())
    val trust = TrustMaterial.fromPemFile(emulator.caPath)
    emulator.createRoleAlias("sensor-role", "arn:aws:iam::123456789012:role/sensor", durationSeconds = 1800)

    fun provider(device: DeviceIdentity, alias: String = "sensor-role", block: IotCredentialsProvider.Builder.() -> Unit = {}) =
        IotCredentialsProvider {
            endpoint = "${emulator.endpoint}:${emulator.port8443}"
            roleAlias = alias
            thingName = device.thingName
            identity = TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem)
            this.trust = trust
            block()
        }

    test("a device certificate gets credentials for a role alias, cached until shortly before they expire") {
        val device = emulator.registerThing("creds-1")
        val clock = MutableClock()
        provider(device) { this.clock = clock }.use { iot ->
            val first = iot.resolve()
            first.accessKeyId shouldStartWith "ASIA"
            first.sessionToken shouldNotBe null
            val expiresIn = first.expiration!!.epochSecond - Instant.now().epochSecond
            (expiresIn in 1700..1800) shouldBe true
            iot.resolve() shouldBe first
            clock.advance(26.minutes)
            iot.resolve().accessKeyId shouldNotBe first.accessKeyId
        }
    }

    test("an unknown role alias is 404, typed") {
        provider(emulator.registerThing("creds-2"), alias = "nope").use {
            val e = shouldThrow<CredentialsResourceNotFoundException> { it.resolve() }
            e.statusCode shouldBe 404
            e.message shouldContain "nope"
        }
    }

    test("a certificate whose policy does not allow iot:AssumeRoleWithCertificate, or another thing's name, is 403") {
        val device = emulator.registerThing("creds-3")
        emulator.createPolicy("connect-only", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""")
        emulator.attachPolicy("connect-only", device.certificateId)
        provider(device).use {
            shouldThrow<CredentialsNotAuthorizedException> { it.resolve() }.statusCode shouldBe 403
        }
        emulator.createPolicy(
            "assume",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:AssumeRoleWithCertificate","Resource":"arn:aws:iot:${emulator.region}:${emulator.accountId}:rolealias/sensor-role"}]}""",
        )
        emulator.attachPolicy("assume", device.certificateId)
        provider(device).use { it.resolve().accessKeyId shouldStartWith "ASIA" }
        provider(device) { thingName = "someone-else" }.use {
            shouldThrow<CredentialsNotAuthorizedException> { it.resolve() }
        }
    }

    test("throttling is retried, then typed") {
        val device = emulator.registerThing("creds-4")
        emulator.throttleCredentialRequests(1)
        provider(device).use { it.resolve().accessKeyId shouldStartWith "ASIA" }
        emulator.throttleCredentialRequests(3)
        provider(device) { maxAttempts = 2 }.use {
            shouldThrow<CredentialsThrottledException> { it.resolve() }.statusCode shouldBe 429
        }
        emulator.throttleCredentialRequests(0)
    }
})
