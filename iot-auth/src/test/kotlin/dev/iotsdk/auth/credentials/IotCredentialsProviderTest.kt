package dev.iotsdk.auth.credentials

import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.CredentialsNotAuthorizedException
import dev.iotsdk.auth.CredentialsResourceNotFoundException
import dev.iotsdk.auth.CredentialsRoleConfigurationException
import dev.iotsdk.auth.CredentialsServiceException
import dev.iotsdk.auth.CredentialsThrottledException
import dev.iotsdk.auth.IotCredentialsProvider
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.auth.credentials.TinyHttpServer.Companion.reply
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import java.time.Duration
import java.time.Instant
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes

class IotCredentialsProviderTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val trust = TrustMaterial.fromPemFile(emulator.caPath)
        emulator.createRoleAlias("sensor-role", "arn:aws:iam::123456789012:role/sensor", durationSeconds = 1800)

        fun provider(
            device: DeviceIdentity,
            alias: String = "sensor-role",
            block: IotCredentialsProvider.Builder.() -> Unit = {
            },
        ) = IotCredentialsProvider {
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

        test(
            "a certificate whose policy does not allow iot:AssumeRoleWithCertificate, or another thing's name, is 403",
        ) {
            val device = emulator.registerThing("creds-3")
            emulator.createPolicy(
                "connect-only",
                """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:Connect","Resource":"*"}]}""",
            )
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

        test("the OkHttp engine presents the device certificate (mutual TLS) and gets credentials") {
            val device = emulator.registerThing("creds-okhttp")
            provider(device) { engine = HttpEngine.OKHTTP }.use { iot ->
                iot.engine shouldBe HttpEngine.OKHTTP
                val credentials = iot.resolve()
                credentials.accessKeyId shouldStartWith "ASIA"
                credentials.expiration!!.isAfter(Instant.now().plusSeconds(1700)) shouldBe true
            }
            provider(device, alias = "nope") { engine = HttpEngine.OKHTTP }.use {
                shouldThrow<CredentialsResourceNotFoundException> { it.resolve() }.message shouldContain
                    "Role alias does not exist"
            }
            provider(device).use { it.engine shouldBe HttpEngine.JAVA }
        }

        test("a role the service cannot assume (HTTP 400) is a typed, not retried, role configuration error") {
            emulator.createRoleAlias("broken-role", "arn:aws:s3:::not-a-role")
            provider(emulator.registerThing("creds-400"), alias = "broken-role").use {
                val e = shouldThrow<CredentialsRoleConfigurationException> { it.resolve() }
                e.statusCode shouldBe 400
                e.isRetryable shouldBe false
                e.message shouldContain "Unable to assume the role"
            }
        }

        test("the thing-name refusal keeps the service's words and its request id") {
            provider(emulator.registerThing("creds-5")) { thingName = "not-mine" }.use {
                val e = shouldThrow<CredentialsNotAuthorizedException> { it.resolve() }
                e.message shouldContain "Invalid thing name passed"
                e.errorCode shouldBe "AccessDeniedException"
                e.requestId shouldNotBe null
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

        val plainDevice by lazy { emulator.registerThing("creds-plain-http") }

        /** A provider for a plain-HTTP test server (the client certificate is then not used). */
        fun plainProvider(url: String, block: IotCredentialsProvider.Builder.() -> Unit = {}) = IotCredentialsProvider {
            endpoint = url
            roleAlias = "r"
            identity = TlsIdentity.fromPem(plainDevice.certificatePem, plainDevice.privateKeyPem)
            maxAttempts = 2
            block()
        }

        test("garbage, oversized and already expired answers are client errors that never echo the body") {
            TinyHttpServer { it.reply(200, "<html>SECRETISH</html>") }.use { server ->
                plainProvider(server.url).use {
                    val e = shouldThrow<CredentialsException> { it.resolve() }
                    (e is CredentialsServiceException) shouldBe false
                    e.isRetryable shouldBe false
                    e.message shouldContain "unusable body"
                    e.message shouldNotContain "SECRETISH"
                }
            }
            TinyHttpServer {
                it.reply(
                    200,
                    """{"credentials":{"accessKeyId":"ASIAX","secretAccessKey":"SECRETISH","sessionToken":"t","expiration":"soon"}}""",
                )
            }.use { server ->
                plainProvider(server.url).use {
                    shouldThrow<CredentialsException> { it.resolve() }.message shouldNotContain
                        "SECRETISH"
                }
            }
            TinyHttpServer { it.reply(200, "x".repeat(200_000)) }.use { server ->
                plainProvider(server.url).use {
                    shouldThrow<CredentialsException> { it.resolve() }.message shouldContain
                        "more than"
                }
            }
            val past = Instant.now().minusSeconds(60).toString()
            TinyHttpServer {
                it.reply(
                    200,
                    """{"credentials":{"accessKeyId":"ASIAX","secretAccessKey":"SECRETISH","sessionToken":"t","expiration":"$past"}}""",
                )
            }.use { server ->
                plainProvider(server.url).use {
                    val e = shouldThrow<CredentialsException> { it.resolve() }
                    e.message shouldContain "device's clock"
                    e.message shouldNotContain "SECRETISH"
                }
            }
        }

        test("5xx and silence are retried, then surface as retryable errors; a 5xx then a good answer succeeds") {
            val calls = AtomicInteger()
            TinyHttpServer {
                calls.incrementAndGet()
                it.reply(503, """{"message":"Service Unavailable"}""")
            }.use { server ->
                plainProvider(server.url).use {
                    val e = shouldThrow<CredentialsServiceException> { it.resolve() }
                    e.statusCode shouldBe 503
                    e.isRetryable shouldBe true
                    calls.get() shouldBe 2
                }
            }
            val release = CountDownLatch(1)
            TinyHttpServer { release.await(10, TimeUnit.SECONDS) }.use { server ->
                plainProvider(server.url) {
                    requestTimeout = 300.milliseconds
                    maxAttempts = 1
                }.use {
                    val e = shouldThrow<CredentialsException> { it.resolve() }
                    e.isRetryable shouldBe true
                    e.message shouldContain "no answer within"
                }
                release.countDown()
            }
            val answers = AtomicInteger()
            val good = """{"credentials":{"accessKeyId":"ASIAGOOD","secretAccessKey":"s","sessionToken":"t","expiration":"${Instant.now().plusSeconds(
                3600,
            )}"}}"""
            TinyHttpServer {
                if (answers.incrementAndGet() ==
                    1
                ) {
                    it.reply(500, "{}")
                } else {
                    it.reply(200, good)
                }
            }.use { server ->
                plainProvider(server.url).use { it.resolve().accessKeyId shouldBe "ASIAGOOD" }
            }
        }

        test(
            "a service clock an hour ahead moves the expiration onto the local clock; offsets in the expiration " +
                "are read",
        ) {
            val serverNow = Instant.now().plusSeconds(3600)
            val date = DateTimeFormatter.RFC_1123_DATE_TIME.format(serverNow.atOffset(ZoneOffset.UTC))
            val expiration = serverNow.plusSeconds(1800).atOffset(ZoneOffset.ofHours(2)).toString()
            RawHttpServer {
                RawHttpServer.response(
                    200,
                    """{"credentials":{"accessKeyId":"ASIASKEW","secretAccessKey":"s","sessionToken":"t","expiration":"$expiration"}}""",
                    mapOf("Date" to date, "Content-Type" to "application/json"),
                )
            }.use { server ->
                plainProvider(server.url).use {
                    val local = it.resolve().expiration!!
                    Duration.between(
                        local,
                        Instant.now().plusSeconds(1800),
                    ).abs().seconds.toInt() shouldBeLessThanOrEqual
                        60
                }
            }
        }
    })
