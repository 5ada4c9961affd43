package dev.iotsdk.core.it

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.classic.spi.ThrowableProxyUtil
import ch.qos.logback.core.read.ListAppender
import dev.iotsdk.auth.Credentials
import dev.iotsdk.auth.CredentialsProvider
import dev.iotsdk.auth.StaticCredentialsProvider
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.ConnectFailedException
import dev.iotsdk.core.ConnectionRefusedException
import dev.iotsdk.core.ConnectionType
import dev.iotsdk.core.IotMqttClient
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.core.ReconnectPolicy
import dev.iotsdk.emulator.CustomAuthorizer
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.string.shouldNotContain
import org.slf4j.LoggerFactory

/**
 * Issue 22 item 3: the SDK logs its connection attempts, successes and failures, and with every SDK and HiveMQ client
 * logger at DEBUG no line (message or stack trace) carries a private key, secret access key, session token, signature,
 * custom-authorizer token, password or token signature, during mutual TLS, WebSocket SigV4 (accepted and refused) and
 * custom-authorizer connects.
 */
class NoSecretsInLogsTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())
        val appender = ListAppender<ILoggingEvent>()
        val loggers = listOf("dev.iotsdk", "com.hivemq.client").map { LoggerFactory.getLogger(it) as Logger }

        beforeSpec {
            appender.start()
            loggers.forEach {
                it.level = Level.DEBUG
                it.addAppender(appender)
            }
        }
        afterSpec { loggers.forEach { it.detachAppender(appender) } }

        /** What the client side logged: the SDK's and HiveMQ client's loggers, not the emulator (the server). */
        fun clientLines(): List<String> = appender.list.toList()
            .filter { !it.loggerName.startsWith("dev.iotsdk.emulator") }
            .map { e -> e.formattedMessage + (e.throwableProxy?.let { "\n" + ThrowableProxyUtil.asString(it) } ?: "") }

        fun shouldHoldNone(secrets: List<String>) {
            val lines = clientLines()
            lines.shouldNotBeEmpty()
            for (line in lines) {
                for (secret in secrets) withClue("a log line holds a secret") { line shouldNotContain secret }
                line shouldNotContain "X-Amz-Signature"
                line shouldNotContain "-----BEGIN"
            }
        }

        test("mutual TLS: attempts and successes logged, no key material") {
            val device = emulator.registerThing("log-mtls")
            emulator.mtlsClient(device).use { c ->
                c.connect()
                c.publish(MqttMessage.text("log/mtls", "hello"))
            }
            clientLines().any { it.startsWith("Connected to") } shouldNotBeEmptyOr "no 'Connected to' line"
            val keyBody = device.privateKeyPem.lines().filter { !it.startsWith("-----") && it.length > 20 }
            shouldHoldNone(keyBody)
        }

        test("WebSocket SigV4, accepted and refused: no secret key, session token or signature") {
            val creds = emulator.credentials
            val good = StaticCredentialsProvider(
                Credentials(creds.accessKeyId, creds.secretAccessKey, "session-token-must-not-be-logged"),
            )
            fun ws(id: String, provider: CredentialsProvider) = IotMqttClient {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType = ConnectionType.WebSocketSigV4(provider, emulator.region)
                trust = TrustMaterial.fromPem(emulator.caCertificatePem)
                clientId = id
                reconnect = ReconnectPolicy(maxAttempts = 1)
            }
            // a session token the emulator does not know is refused: the failure path is logged too
            ws("log-ws-refused", good).use { c -> shouldThrow<ConnectFailedException> { c.connect() } }
            ws("log-ws", StaticCredentialsProvider(Credentials(creds.accessKeyId, creds.secretAccessKey)))
                .use { c -> c.connect() }
            clientLines().any { it.startsWith("Connecting to") && "failed" in it } shouldNotBeEmptyOr "no failure"
            shouldHoldNone(listOf(creds.secretAccessKey, "session-token-must-not-be-logged"))
        }

        test("custom authorizer: no token, password or token signature") {
            emulator.registerAuthorizer(
                CustomAuthorizer(name = "log-auth", tokenKeyName = "tok") { req ->
                    allowEverything("logprincipal", authenticated = req.token == "token-value-secret")
                },
            )
            fun auth(id: String, token: String) = IotMqttClient {
                endpoint = emulator.endpoint
                port = emulator.port443
                connectionType = ConnectionType.CustomAuth(
                    authorizerName = "log-auth",
                    password = "password-secret".toByteArray(),
                    tokenKeyName = "tok",
                    tokenValue = token,
                    tokenSignature = "c2lnbmF0dXJlLXNlY3JldA==",
                )
                trust = TrustMaterial.fromPem(emulator.caCertificatePem)
                clientId = id
                reconnect = ReconnectPolicy(maxAttempts = 1)
            }
            auth("log-auth-ok", "token-value-secret").use { it.connect() }
            auth("log-auth-bad", "token-value-wrong").use { c ->
                shouldThrow<ConnectionRefusedException> { c.connect() }
            }
            shouldHoldNone(
                listOf("token-value-secret", "token-value-wrong", "password-secret", "c2lnbmF0dXJlLXNlY3JldA"),
            )
        }
    })

private infix fun Boolean.shouldNotBeEmptyOr(what: String) {
    if (!this) throw AssertionError(what)
}
