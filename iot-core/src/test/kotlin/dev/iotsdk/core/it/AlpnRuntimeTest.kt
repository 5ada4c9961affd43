package dev.iotsdk.core.it

import com.hivemq.client.mqtt.mqtt5.Mqtt5Client
import dev.iotsdk.auth.TlsContexts
import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.core.AlpnUnavailableException
import dev.iotsdk.core.internal.transport.AlpnTlsRelay
import dev.iotsdk.core.internal.transport.AttemptResources
import dev.iotsdk.core.internal.transport.ErrorMapping
import dev.iotsdk.core.internal.transport.SocketAlpn
import dev.iotsdk.emulator.DeviceIdentity
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import org.conscrypt.Conscrypt
import java.net.InetAddress
import java.security.KeyStore
import java.security.cert.CertificateFactory
import javax.net.ssl.SSLContext
import javax.net.ssl.SSLSocket
import javax.net.ssl.TrustManagerFactory

/**
 * How the ALPN relay offers ALPN on runtimes without `SSLParameters.setApplicationProtocols` (Android 8-9), proved on
 * the JVM with Conscrypt's OpenJDK build (the same Conscrypt that Android's platform sockets are built from): each
 * strategy offers `x-amzn-mqtt-ca` to the emulator's 443 port and an MQTT client connects through the relay; a socket
 * no strategy fits is refused with a typed error before any byte of the handshake.
 */
class AlpnRuntimeTest :
    FunSpec({
        val emulator = install(IotEmulatorExtension())

        /**
         * A context of Conscrypt with its own trust manager (as on Android: the JDK's rejects Conscrypt's TLS 1.3 auth
         * type).
         */
        fun conscryptContext(device: DeviceIdentity, emulator: IotEmulator): SSLContext {
            val conscrypt = Conscrypt.newProvider()
            val ca = CertificateFactory.getInstance(
                "X.509",
            ).generateCertificate(emulator.caCertificatePem.byteInputStream())
            val store = KeyStore.getInstance(KeyStore.getDefaultType()).apply {
                load(null)
                setCertificateEntry("emulator-ca", ca)
            }
            val trust = TrustManagerFactory.getInstance("PKIX", conscrypt).apply { init(store) }
            return SSLContext.getInstance("TLS", conscrypt).apply {
                init(
                    arrayOf(TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem).keyManager()),
                    trust.trustManagers,
                    null,
                )
            }
        }

        fun open(ctx: SSLContext, alpnFor: (SSLSocket) -> SocketAlpn?): AlpnTlsRelay {
            val target = AlpnTlsRelay.Target(
                emulator.endpoint,
                emulator.port443,
                "x-amzn-mqtt-ca",
                ctx,
                TlsContexts.protocols,
                null,
                10_000,
            )
            return AlpnTlsRelay.open(target, AttemptResources(), alpnFor)
        }

        /**
         * Connects an MQTT client through [relay] and returns the ALPN protocol the emulator saw on that connection.
         */
        suspend fun alpnSeenThrough(relay: AlpnTlsRelay, clientId: String): String? {
            relay.start(10_000)
            val client = Mqtt5Client.builder().identifier(relay.key.clientId(clientId))
                .serverHost(InetAddress.getLoopbackAddress()).serverPort(relay.localPort).buildBlocking()
            try {
                client.connect()
                val event = emulator.awaitEvent { it is EmulatorEvent.ClientConnected && it.clientId == clientId }
                return (event as EmulatorEvent.ClientConnected).alpn
            } finally {
                runCatching { client.disconnect() }
                relay.close()
            }
        }

        test("this JDK has the standard ALPN API, so the relay uses it") {
            SocketAlpn.standardAvailable shouldBe true
            val socket = TlsContexts.sslContext(null, TrustMaterial.system()).socketFactory.createSocket() as SSLSocket
            socket.use { SocketAlpn.forSocket(it) shouldBeSameInstanceAs SocketAlpn.Standard }
        }

        test("without the standard API, a Conscrypt socket gets ALPN through org.conscrypt.Conscrypt") {
            val device = emulator.registerThing("alpn-conscrypt")
            var chosen: SocketAlpn? = null
            val relay =
                open(conscryptContext(device, emulator)) { s ->
                    SocketAlpn.forSocket(s, useStandard = false).also {
                        chosen =
                            it
                    }
                }
            chosen.shouldBeInstanceOf<SocketAlpn.ConscryptFacade>()
            relay.selectedProtocol shouldBe "x-amzn-mqtt-ca"
            alpnSeenThrough(relay, "alpn-conscrypt") shouldBe "x-amzn-mqtt-ca"
        }

        test("the socket's own setAlpnProtocols(byte[]) (Android 8-9 platform sockets) offers ALPN") {
            val device = emulator.registerThing("alpn-socket-methods")
            val relay = open(conscryptContext(device, emulator)) { s -> SocketAlpn.SocketMethods.of(s) }
            relay.selectedProtocol shouldBe "x-amzn-mqtt-ca"
            alpnSeenThrough(relay, "alpn-socket-methods") shouldBe "x-amzn-mqtt-ca"
        }

        test("a socket no strategy fits is refused with AlpnUnavailableException before the handshake") {
            val device = emulator.registerThing("alpn-none")
            val jdk = TlsContexts.sslContext(
                TlsIdentity.fromPem(device.certificatePem, device.privateKeyPem),
                TrustMaterial.fromPem(emulator.caCertificatePem),
            )
            val e =
                shouldThrow<AlpnUnavailableException> {
                    open(jdk) { s -> SocketAlpn.forSocket(s, useStandard = false) }
                }
            e.protocol shouldBe "x-amzn-mqtt-ca"
            e.isRetryable shouldBe false
            e.message shouldContain "Android 10 (API 29)"
            e.message shouldContain "port 8883"
            ErrorMapping.connectFailure(e, "host:443", tls = true) shouldBeSameInstanceAs e
        }

        test("the byte[] form is the TLS wire list: each name after its one-byte length") {
            SocketAlpn.SocketMethods.wireFormat(arrayOf("x-amzn-mqtt-ca", "h2")).toList() shouldBe
                (byteArrayOf(14) + "x-amzn-mqtt-ca".toByteArray() + byteArrayOf(2) + "h2".toByteArray()).toList()
            shouldThrow<IllegalArgumentException> { SocketAlpn.SocketMethods.wireFormat(arrayOf("")) }
        }
    })
