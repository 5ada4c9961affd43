package dev.iotsdk.auth.credentials

import dev.iotsdk.auth.CognitoCredentialsProvider
import dev.iotsdk.auth.CredentialsException
import dev.iotsdk.auth.CredentialsNotAuthorizedException
import dev.iotsdk.auth.CredentialsResourceNotFoundException
import dev.iotsdk.auth.CredentialsRoleConfigurationException
import dev.iotsdk.auth.CredentialsServiceException
import dev.iotsdk.auth.CredentialsThrottledException
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.auth.credentials.TinyHttpServer.Companion.reply
import dev.iotsdk.common.HttpEngine
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

class CognitoCredentialsProviderTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val trust = TrustMaterial.fromPemFile(emulator.caPath)
        val endpoint = "https://localhost:${emulator.port443}"

        fun provider(
            poolId: String,
            block: CognitoCredentialsProvider.Builder.() -> Unit = {
            },
        ) = CognitoCredentialsProvider {
            identityPoolId = poolId
            this.endpoint = endpoint
            this.trust = trust
            block()
        }

        test("an unauthenticated identity gets temporary credentials, cached until shortly before they expire") {
            val pool = emulator.createIdentityPool("guests", allowUnauthenticated = true)
            val clock = MutableClock()
            provider(pool) { this.clock = clock }.use { cognito ->
                val first = cognito.resolve()
                first.accessKeyId shouldStartWith "ASIA"
                first.sessionToken shouldNotBe null
                first.expiration!!.isAfter(Instant.now().plusSeconds(3500)) shouldBe true
                val identity = cognito.identityId!!
                identity shouldStartWith "${emulator.region}:"
                cognito.resolve() shouldBe first
                clock.advance(56.minutes)
                val second = cognito.resolve()
                second.accessKeyId shouldNotBe first.accessKeyId
                cognito.identityId shouldBe identity
            }
        }

        test("developer-authenticated identities log in with their OpenID token; a wrong token is refused") {
            val pool = emulator.createIdentityPool(
                "users",
                allowUnauthenticated = false,
                developerProviderName = "login.example",
            )
            val token = emulator.developerIdentityToken(pool, "alice")
            provider(pool) { logins = mapOf("cognito-identity.amazonaws.com" to token.token) }.use { cognito ->
                cognito.resolve().accessKeyId shouldStartWith "ASIA"
                cognito.identityId shouldBe token.identityId
            }
            provider(pool) { logins = mapOf("cognito-identity.amazonaws.com" to "forged") }.use { cognito ->
                val e = shouldThrow<CredentialsNotAuthorizedException> { cognito.resolve() }
                e.errorCode shouldBe "NotAuthorizedException"
                e.message shouldNotContain "forged"
            }
        }

        test("an unknown pool, a pool without guest access and throttling are typed errors") {
            provider("${emulator.region}:00000000-0000-0000-0000-000000000000").use {
                shouldThrow<CredentialsResourceNotFoundException> { it.resolve() }.errorCode shouldBe
                    "ResourceNotFoundException"
            }
            val closed = emulator.createIdentityPool("closed", allowUnauthenticated = false)
            provider(closed).use {
                shouldThrow<CredentialsNotAuthorizedException> { it.resolve() }.message shouldContain
                    "Unauthenticated access is not supported"
            }
            val open = emulator.createIdentityPool("busy", allowUnauthenticated = true)
            emulator.throttleCredentialRequests(5)
            provider(open) { maxAttempts = 2 }.use {
                val e = shouldThrow<CredentialsThrottledException> { it.resolve() }
                e.isRetryable shouldBe true
            }
            emulator.throttleCredentialRequests(1)
            provider(open).use { it.resolve().accessKeyId shouldStartWith "ASIA" }
            emulator.throttleCredentialRequests(0)
        }

        test("a known identity id skips GetId; an unknown one is ResourceNotFound") {
            val pool = emulator.createIdentityPool("known", allowUnauthenticated = true)
            val id = provider(pool).use {
                it.resolve()
                it.identityId!!
            }
            provider(pool) { identityId = id }.use {
                it.resolve()
                it.identityId shouldBe id
            }
            provider(pool) { identityId = "${emulator.region}:11111111-1111-1111-1111-111111111111" }.use {
                shouldThrow<CredentialsResourceNotFoundException> { it.resolve() }
            }
        }

        test("garbage from the endpoint is a client error that does not echo the body") {
            TinyHttpServer { it.reply(200, "<html>SECRETISH</html>") }.use { server ->
                CognitoCredentialsProvider {
                    identityPoolId = "eu-west-1:x"
                    this.endpoint = server.url
                }.use {
                    val e = shouldThrow<CredentialsException> { it.resolve() }
                    (e is CredentialsServiceException) shouldBe false
                    e.message shouldContain "unusable body"
                    e.message shouldNotContain "SECRETISH"
                }
            }
            TinyHttpServer { it.reply(502, "bad gateway") }.use { server ->
                CognitoCredentialsProvider {
                    identityPoolId = "eu-west-1:x"
                    this.endpoint = server.url
                    maxAttempts = 2
                }.use {
                    shouldThrow<CredentialsServiceException> { it.resolve() }.let { e ->
                        e.statusCode shouldBe 502
                        e.isRetryable shouldBe true
                    }
                }
            }
        }

        test("an endpoint that never answers times out as a retryable client error") {
            val release = CountDownLatch(1)
            TinyHttpServer { release.await(10, TimeUnit.SECONDS) }.use { server ->
                CognitoCredentialsProvider {
                    identityPoolId = "eu-west-1:x"
                    this.endpoint = server.url
                    requestTimeout = 300.milliseconds
                    maxAttempts = 1
                }.use {
                    val e = shouldThrow<CredentialsException> { it.resolve() }
                    e.isRetryable shouldBe true
                    e.message shouldContain "no answer within"
                }
                release.countDown()
            }
        }

        test("a service clock two hours behind moves the expiration onto the local clock") {
            val serverNow = Instant.now().minusSeconds(7200)
            val date = DateTimeFormatter.RFC_1123_DATE_TIME.format(serverNow.atOffset(ZoneOffset.UTC))
            RawHttpServer { head ->
                val body = if (head.contains("GetId")) {
                    """{"IdentityId":"eu-west-1:abc"}"""
                } else {
                    """{"IdentityId":"eu-west-1:abc","Credentials":{"AccessKeyId":"ASIAX","SecretKey":"s","SessionToken":"t","Expiration":${serverNow.epochSecond + 3600}}}"""
                }
                RawHttpServer.response(200, body, mapOf("Date" to date, "Content-Type" to "application/x-amz-json-1.1"))
            }.use { server ->
                CognitoCredentialsProvider {
                    identityPoolId = "eu-west-1:x"
                    this.endpoint = server.url
                }.use {
                    val expiration = it.resolve().expiration!!
                    val inOneHour = Instant.now().plusSeconds(3600)
                    Duration.between(expiration, inOneHour).abs().seconds.toInt() shouldBeLessThanOrEqual 60
                    it.toString() shouldNotContain "ASIAX"
                }
            }
        }

        test("the OkHttp engine gets guest credentials, and errors stay typed") {
            val pool = emulator.createIdentityPool("okhttp", allowUnauthenticated = true)
            provider(pool) { engine = HttpEngine.OKHTTP }.use { cognito ->
                cognito.engine shouldBe HttpEngine.OKHTTP
                cognito.resolve().accessKeyId shouldStartWith "ASIA"
            }
            val closed = emulator.createIdentityPool("okhttp-closed", allowUnauthenticated = false)
            provider(closed) { engine = HttpEngine.OKHTTP }.use {
                shouldThrow<CredentialsNotAuthorizedException> { it.resolve() }.statusCode shouldBe 403
            }
        }

        test("the model's other error codes: role configuration typed, limits and bad input not retried, 5xx retried") {
            suspend fun answering(status: Int, type: String?, block: suspend (CognitoCredentialsProvider) -> Unit) {
                val calls = AtomicInteger()
                TinyHttpServer {
                    calls.incrementAndGet()
                    val body = if (type ==
                        null
                    ) {
                        "{}"
                    } else {
                        """{"__type":"com.amazonaws.cognitoidentity#$type","message":"from the service"}"""
                    }
                    it.reply(
                        status,
                        body,
                        type?.let { t ->
                            mapOf(
                                "x-amzn-ErrorType" to
                                    "$t:http://internal.amazon.com/coral/com.amazonaws.cognitoidentity/",
                            )
                        }.orEmpty(),
                    )
                }.use { server ->
                    CognitoCredentialsProvider {
                        identityPoolId = "eu-west-1:x"
                        this.endpoint = server.url
                        maxAttempts = 3
                    }.use { block(it) }
                }
            }
            answering(400, "InvalidIdentityPoolConfigurationException") {
                val e = shouldThrow<CredentialsRoleConfigurationException> { it.resolve() }
                e.errorCode shouldBe "InvalidIdentityPoolConfigurationException"
                e.isRetryable shouldBe false
                e.message shouldContain "from the service"
            }
            answering(400, "LimitExceededException") {
                val e = shouldThrow<CredentialsServiceException> { it.resolve() }
                e.errorCode shouldBe "LimitExceededException"
                (e is CredentialsThrottledException) shouldBe false
                e.isRetryable shouldBe false
            }
            answering(400, "ExternalServiceException") {
                shouldThrow<CredentialsServiceException> { it.resolve() }.isRetryable shouldBe
                    false
            }
            answering(500, "InternalErrorException") {
                shouldThrow<CredentialsServiceException> { it.resolve() }.isRetryable shouldBe
                    true
            }
            answering(429, null) { shouldThrow<CredentialsThrottledException> { it.resolve() }.statusCode shouldBe 429 }
        }
    })
