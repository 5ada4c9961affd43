package dev.iotsdk.emulator.controlplane

import com.sun.net.httpserver.HttpServer
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.RawMqtt
import dev.iotsdk.emulator.Tls
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import software.amazon.awssdk.services.iot.model.AuthorizerStatus
import software.amazon.awssdk.services.iot.model.InvalidRequestException
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException
import java.net.InetSocketAddress
import java.nio.file.Files
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/**
 * Custom authorizers made from outside the JVM (issue 21 item 9): AWS's CreateAuthorizer and the other authorizer
 * operations sent by the AWS SDK for Java v2 `IotClient`, the decision taken by an HTTP endpoint the user runs (it
 * receives AWS's custom-authorizer Lambda event and answers AWS's Lambda response, DG config-custom-auth) or by a JSON
 * rules file; the function is declared as the CLI's `--authorizer-function NAME=SOURCE` declares it. Clients connect as
 * AWS's SDKs do with a custom authorizer: port 443, ALPN `mqtt`, the authorizer and token in the MQTT user name.
 */
class AuthorizersApiTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val iot by lazy { awsIotClient(emu) }
        val events = LinkedBlockingQueue<JsonObject>()
        val endpoint = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0).apply {
            createContext("/authorize") { exchange ->
                val event = Json.parseToJsonElement(exchange.requestBody.readBytes().decodeToString()).jsonObject
                events += event
                val allow = event["token"]?.jsonPrimitive?.content == "good"
                val policy = """{"Version":"2012-10-17","Statement":""" +
                    """[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}"""
                val answer = if (allow) {
                    """{"isAuthenticated":true,"principalId":"endpointUser","policyDocuments":[${Json.encodeToString(
                        kotlinx.serialization.json.JsonPrimitive(policy),
                    )}],"disconnectAfterInSeconds":3600,"refreshAfterInSeconds":300}"""
                } else {
                    """{"isAuthenticated":false}"""
                }
                exchange.sendResponseHeaders(200, answer.length.toLong())
                exchange.responseBody.use { it.write(answer.toByteArray()) }
            }
            start()
        }
        afterSpec {
            iot.close()
            endpoint.stop(0)
        }

        fun connack(authorizer: String, token: String, clientId: String): Int =
            Tls.socket(emu, emu.port443, listOf("mqtt")).use { s ->
                RawMqtt.connectAndReadConnack(
                    s.inputStream,
                    s.outputStream,
                    clientId,
                    "user?x-amz-customauthorizer-name=$authorizer&token=$token",
                    null,
                    version = 4,
                )
            }

        fun arn(function: String) = "arn:aws:lambda:${emu.region}:${emu.accountId}:function:$function"

        test("CreateAuthorizer with a decision from the user's HTTP endpoint, which gets AWS's Lambda event") {
            val url = "http://127.0.0.1:${endpoint.address.port}/authorize"
            emu.runtime.authorizerFunctions.declare("endpointAuth", url)
            val created = iot.createAuthorizer {
                it.authorizerName("http-auth").authorizerFunctionArn(arn("endpointAuth")).tokenKeyName("token")
                    .signingDisabled(true).status(AuthorizerStatus.ACTIVE)
            }
            created.authorizerArn() shouldBe "arn:aws:iot:${emu.region}:${emu.accountId}:authorizer/http-auth"
            connack("http-auth", "good", "http-auth-ok") shouldBe 0
            val event = events.poll(10, TimeUnit.SECONDS)!!
            event.getValue("token").jsonPrimitive.content shouldBe "good"
            event.getValue("protocols").jsonArray.map { it.jsonPrimitive.content } shouldBe listOf("tls", "mqtt")
            event.getValue("protocolData").jsonObject.getValue("mqtt").jsonObject.getValue("clientId")
                .jsonPrimitive.content shouldBe "http-auth-ok"
            (
                emu.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == "http-auth-ok" }
                    as EmulatorEvent.ClientConnected
                ).principal shouldBe "endpointUser"
            connack("http-auth", "bad", "http-auth-denied") shouldBe 5

            iot.describeAuthorizer { it.authorizerName("http-auth") }.authorizerDescription().let {
                it.authorizerFunctionArn() shouldBe arn("endpointAuth")
                it.tokenKeyName() shouldBe "token"
                it.signingDisabled() shouldBe true
                it.status() shouldBe AuthorizerStatus.ACTIVE
            }
            iot.listAuthorizers { }.authorizers().map { it.authorizerName() } shouldContain "http-auth"
            iot.updateAuthorizer { it.authorizerName("http-auth").status(AuthorizerStatus.INACTIVE) }
            connack("http-auth", "good", "http-auth-inactive") shouldBe 5
        }

        test("a JSON rules file decides; SetDefaultAuthorizer; a function nobody declared denies; Delete") {
            val rules = Files.createTempFile("authorizer-rules", ".json")
            Files.writeString(
                rules,
                """{"rules":[{"token":"r1","principalId":"rulesUser","policyDocuments":[""" +
                    """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}]},""" +
                    """{"token":"r2","isAuthenticated":false}]}""",
            )
            emu.runtime.authorizerFunctions.declare("rulesAuth", rules.toString())
            iot.createAuthorizer {
                it.authorizerName("rules-auth").authorizerFunctionArn(arn("rulesAuth")).tokenKeyName("token")
                    .signingDisabled(true)
            }
            connack("rules-auth", "r1", "rules-ok") shouldBe 0
            connack("rules-auth", "r2", "rules-denied") shouldBe 5
            connack("rules-auth", "r3", "rules-unlisted") shouldBe 5

            iot.setDefaultAuthorizer { it.authorizerName("rules-auth") }.authorizerName() shouldBe "rules-auth"
            iot.describeDefaultAuthorizer { }.authorizerDescription().authorizerName() shouldBe "rules-auth"

            iot.createAuthorizer {
                it.authorizerName("nobody").authorizerFunctionArn(arn("undeclared")).signingDisabled(true)
            }
            connack("nobody", "anything", "nobody-denied") shouldBe 5

            shouldThrow<InvalidRequestException> {
                iot.createAuthorizer { it.authorizerName("unsigned-keys").authorizerFunctionArn(arn("rulesAuth")) }
            }
            iot.deleteAuthorizer { it.authorizerName("nobody") }
            shouldThrow<ResourceNotFoundException> { iot.describeAuthorizer { it.authorizerName("nobody") } }
            Files.deleteIfExists(rules)
        }
    })
