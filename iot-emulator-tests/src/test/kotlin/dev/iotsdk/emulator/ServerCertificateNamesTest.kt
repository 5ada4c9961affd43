package dev.iotsdk.emulator

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.security.cert.X509Certificate
import javax.net.ssl.SSLHandshakeException

/**
 * The server certificate names DNS hosts only, as AWS IoT's do (`*.iot.<region>.amazonaws.com`: a client that
 * connects by IP address fails hostname verification on AWS), so by default it names `localhost` and nothing else;
 * names a user adds on purpose ([IotEmulatorConfig.serverNames], CLI `--server-name`) go in too.
 *
 * AWS source: AWS IoT's data endpoints are DNS names (`iot:Data-ATS` endpoints, DG "Connecting devices to AWS IoT",
 * https://docs.aws.amazon.com/iot/latest/developerguide/iot-connect-devices.html); AWS's Python v1 SDK checks the
 * certificate's subject against the host it was given (`providers.py` `_tls_match_hostname`).
 */
class ServerCertificateNamesTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())

        fun serverCertificate(emulator: IotEmulator): X509Certificate =
            Tls.socket(emulator, emulator.port443, emptyList())
                .use { it.session.peerCertificates[0] as X509Certificate }

        fun names(cert: X509Certificate) = cert.subjectAlternativeNames.map { (it[0] as Int) to (it[1] as String) }

        test("by default the certificate names localhost only: https://127.0.0.1 fails verification, localhost works") {
            names(serverCertificate(emu)) shouldBe listOf(2 to "localhost")
            val http = HttpClient.newBuilder().sslContext(Tls.context(emu.caCertificatePem, null)).build()
            shouldThrow<SSLHandshakeException> {
                http.send(
                    HttpRequest.newBuilder(URI("https://127.0.0.1:${emu.port443}/")).build(),
                    HttpResponse.BodyHandlers.discarding(),
                )
            }
            http.send(
                HttpRequest.newBuilder(URI("https://localhost:${emu.port443}/")).build(),
                HttpResponse.BodyHandlers.discarding(),
            ).statusCode() shouldBe 404
        }

        test("names added on purpose (an address for the Android emulator, a DNS name) are in the certificate") {
            IotEmulator.start(
                IotEmulatorConfig { serverNames = listOf("10.0.2.2", "iot.dev.example", "localhost") },
            ).use { custom ->
                names(serverCertificate(custom)) shouldBe
                    listOf(2 to "localhost", 7 to "10.0.2.2", 2 to "iot.dev.example")
            }
        }

        test("a name that is neither a DNS name nor an address is refused when the configuration is built") {
            for (bad in listOf("two words", "-dash.example", "under_score.example", "1.2.3.4.5:")) {
                shouldThrow<IllegalArgumentException> { IotEmulatorConfig { serverNames = listOf(bad) } }
            }
        }
    })
