package dev.iotsdk.dataplane

import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.SigV4
import dev.iotsdk.auth.SigningRequest
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.model.shadow.ShadowState
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.put
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger
import javax.net.ssl.SSLContext

class SigningTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        /**
         * Sends a GET signed by iot-auth with the given scope and time, outside the client, and returns (status, error
         * type, body).
         */
        fun raw(
            path: String,
            service: String = "iotdata",
            region: String = emu.region,
            time: Instant = Instant.now(),
        ): Triple<Int, String?, String> {
            val host = "localhost:${emu.port443}"
            val signed = SigV4.sign(SigningRequest("GET", host, path), emu.sdkCredentials(), region, service, time)
            val http = HttpClient.newBuilder().sslContext(
                TlsContexts.sslContext(null, TrustMaterial.fromPemFile(emu.caPath)),
            ).build()
            val request = HttpRequest.newBuilder(URI("https://$host$path")).GET().apply {
                signed.headers.forEach { (k, v) -> header(k, v) }
            }.build()
            val response = http.send(request, HttpResponse.BodyHandlers.ofString())
            return Triple(
                response.statusCode(),
                response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                response.body(),
            )
        }

        beforeSpec {
            emu.updateShadow("signed", null, """{"state":{"reported":{"ok":true}}}""")
        }

        test("both signing names in circulation, iotdata and iotdevicegateway, are accepted") {
            raw("/things/signed/shadow").first shouldBe 200
            raw("/things/signed/shadow", service = "iotdevicegateway").first shouldBe 200
            emu.dataPlane { signingName = "iotdevicegateway" }.use { it.getThingShadow("signed").version shouldBe 1 }
        }

        test(
            "an expired signature, a wrong service or region in the scope are refused as the documented 403 " +
                "ForbiddenException",
        ) {
            val expired = raw("/things/signed/shadow", time = Instant.now().minusSeconds(3600))
            expired.first shouldBe 403
            expired.second shouldBe "ForbiddenException:"
            expired.third shouldContain "Signature expired"
            raw("/things/signed/shadow", service = "s3").third shouldContain "correct service"
            raw("/things/signed/shadow", region = "mars-north-1").third shouldContain "region"
        }

        test("a wrong secret is a ForbiddenException whose message holds neither the secret nor the signature") {
            val secret = "WrongSecretKeyThatMustNeverBeLogged/0123456"
            val e = shouldThrow<ForbiddenException> {
                emu.dataPlane {
                    credentialsProvider =
                        StaticCredentialsProvider(Credentials(emu.credentials.accessKeyId, secret))
                }
                    .use { it.getThingShadow("signed") }
            }
            e.statusCode shouldBe 403
            e.message shouldContain "signature"
            e.message shouldNotContain secret
            e.message shouldNotContain emu.credentials.secretAccessKey
            e.toString() shouldNotContain "Signature="
            e.isRetryable shouldBe false
        }

        test("temporary credentials need their session token") {
            val temp = emu.registerCredentials("ASIATEMPORARYKEY0001", "temporary-secret-0001", "session-token-0001")
            emu.dataPlane {
                credentialsProvider =
                    StaticCredentialsProvider(Credentials(temp.accessKeyId, temp.secretAccessKey, temp.sessionToken))
            }
                .use { it.getThingShadow("signed").version shouldBe 1 }
            val e = shouldThrow<ForbiddenException> {
                emu.dataPlane {
                    credentialsProvider =
                        StaticCredentialsProvider(Credentials(temp.accessKeyId, temp.secretAccessKey))
                }
                    .use { it.getThingShadow("signed") }
            }
            e.message shouldNotContain "session-token-0001"
        }

        test(
            "credentials are resolved per request: rotation mid-pagination works, revoked credentials end the " +
                "flow with a typed error",
        ) {
            (1..6).forEach { emu.updateShadow("paged", "s$it", """{"state":{"reported":{"i":$it}}}""") }
            val second = emu.registerCredentials("AKIASECONDKEY0000001", "second-secret-0000001")
            val calls = AtomicInteger()
            val rotating = CredentialsProvider {
                if (calls.incrementAndGet() % 2 ==
                    0
                ) {
                    Credentials(second.accessKeyId, second.secretAccessKey)
                } else {
                    emu.sdkCredentials()
                }
            }
            emu.dataPlane { credentialsProvider = rotating }.use { c ->
                c.listNamedShadowsForThingPaginated("paged", PaginationConfig(pageSize = 2)).toList().flatMap {
                    it.results
                }.size shouldBe
                    6
            }
            calls.get() shouldBe 3

            val revoked = AtomicInteger()
            val expiring = CredentialsProvider {
                if (revoked.incrementAndGet() ==
                    1
                ) {
                    emu.sdkCredentials()
                } else {
                    Credentials("AKIAEXPIREDKEY000001", "expired-secret-000001")
                }
            }
            emu.dataPlane { credentialsProvider = expiring }.use { c ->
                var failure: Throwable? = null
                val pages = c.listNamedShadowsForThingPaginated("paged", PaginationConfig(pageSize = 2)).catch {
                    failure =
                        it
                }.toList()
                pages.size shouldBe 1
                (failure is ForbiddenException) shouldBe true
            }
            emu.dataPlane().use {
                it.updateThingShadow("paged", ShadowState(desired = buildJsonObject { put("x", 1) })).version shouldBe
                    1
            }
        }

        test("a client certificate on the 8443 listener is accepted instead of SigV4") {
            val device = emu.registerThing("cert-caller")
            val ctx = SSLContext.getInstance("TLS")
            val identity = TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem)
            ctx.init(
                arrayOf(identity.keyManager()),
                arrayOf(TrustMaterial.fromPemFile(emu.caPath).trustManager()),
                null,
            )
            val http = HttpClient.newBuilder().sslContext(ctx).build()
            val response = http.send(
                HttpRequest.newBuilder(URI("https://localhost:${emu.port8443}/things/signed/shadow")).GET().build(),
                HttpResponse.BodyHandlers.ofString(),
            )
            response.statusCode() shouldBe 200
            response.body() shouldContain "\"ok\":true"
        }
    })
