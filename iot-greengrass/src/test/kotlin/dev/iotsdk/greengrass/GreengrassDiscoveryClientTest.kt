package dev.iotsdk.greengrass

import dev.iotsdk.auth.TrustMaterial
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.core.MqttMessage
import dev.iotsdk.emulator.CertificateStatus
import dev.iotsdk.emulator.EmulatorEvent
import dev.iotsdk.emulator.greengrass.EmulatedConnectivity
import dev.iotsdk.test.IotEmulatorExtension
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import java.io.PrintWriter
import java.io.StringWriter
import java.net.InetAddress
import java.net.ServerSocket
import kotlin.time.Duration

class GreengrassDiscoveryClientTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val gg = emu.greengrass

        /** A device in a fresh group whose core is running; returns the device and the group. */
        fun deviceInGroup(name: String) = emu.registerThing(name).let { device ->
            val group = gg.createGroup("$name-group")
            gg.addThingToGroup(name, group.groupId)
            Triple(device, group, gg.startCore(group.groupId))
        }

        for (engine in listOf(HttpEngine.JAVA, HttpEngine.OKHTTP)) {
            test(
                "[$engine] discover on 8443 returns the group, its core, connectivity and CA; connectToCore " +
                    "publishes through the core",
            ) {
                val name = "gg-happy-${engine.name.lowercase()}"
                val (device, group, core) = deviceInGroup(name)
                discoveryClient(emu, device) { this.engine = engine }.use { discovery ->
                    val info = discovery.discover(name)
                    val g = info.allGroups.single()
                    g.groupId shouldBe group.groupId
                    g.certificateAuthorities shouldBe listOf(group.caCertificatePem)
                    g.cores.single().thingArn shouldBe
                        "arn:aws:iot:${emu.region}:${emu.accountId}:thing/$name-group_Core"
                    val entry = info.allCores.single().connectivity.single()
                    entry.hostAddress shouldBe "127.0.0.1"
                    entry.portNumber shouldBe core.port
                    info.rawJson shouldStartWith """{"GGGroups":["""

                    val connection = discovery.connectToCore(info, clientId = name)
                    connection.client.use { client ->
                        connection.endpoint.connectivity.id shouldBe entry.id
                        connection.failedAttempts shouldBe emptyList()
                        emu.awaitEvent {
                            it is EmulatorEvent.ClientConnected &&
                                it.clientId == name &&
                                it.listener == "greengrass-core"
                        }
                        client.publish(MqttMessage.text("gg/hello", "hi from the device"))
                        emu.awaitEvent {
                            it is EmulatorEvent.MessagePublished &&
                                it.clientId == name &&
                                it.topic == "gg/hello"
                        }
                    }
                }
            }
        }

        test("discover on 443 offers ALPN x-amzn-http-ca; without ALPN the 443 port does not authenticate the device") {
            val (device, group, _) = deviceInGroup("gg-alpn")
            discoveryClient(emu, device, alpn = true).use {
                it.discover("gg-alpn").allGroups.single().groupId shouldBe
                    group.groupId
            }
            val noAlpn = discoveryClient(emu, device) { port = emu.port443 }
            noAlpn.use {
                val e = shouldThrow<DiscoveryUnauthorizedException> { it.discover("gg-alpn") }
                e.statusCode shouldBe 401
            }
        }

        for (engine in listOf(HttpEngine.JAVA, HttpEngine.OKHTTP)) {
            test("[$engine] a thing in no group is 404 DiscoveryDataNotFoundException, with the request id") {
                val n = engine.name.lowercase()
                val device = emu.registerThing("gg-lonely-$n")
                discoveryClient(emu, device) { this.engine = engine }.use {
                    val e = shouldThrow<DiscoveryDataNotFoundException> { it.discover("gg-lonely-$n") }
                    e.statusCode shouldBe 404
                    e.errorCode shouldBe "ResourceNotFoundException"
                    (e.requestId?.isNotEmpty() ?: false) shouldBe true
                    e.message shouldContain "gg-lonely-$n"
                }
                val (member, group, _) = deviceInGroup("gg-removed-$n")
                gg.removeThingFromGroup("gg-removed-$n", group.groupId)
                discoveryClient(emu, member) {
                    this.engine = engine
                }.use { shouldThrow<DiscoveryDataNotFoundException> { it.discover("gg-removed-$n") } }
            }
        }

        for (engine in listOf(HttpEngine.JAVA, HttpEngine.OKHTTP)) {
            test(
                "[$engine] a policy without greengrass:Discover is 403; an inactive certificate fails the TLS " +
                    "handshake",
            ) {
                val n = engine.name.lowercase()
                val (device, _, _) = deviceInGroup("gg-denied-$n")
                emu.createPolicy(
                    "no-discover-$n",
                    """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iot:*","Resource":"*"}]}""",
                )
                emu.attachPolicy("no-discover-$n", device.certificateId)
                discoveryClient(emu, device) { this.engine = engine }.use {
                    shouldThrow<DiscoveryUnauthorizedException> { it.discover("gg-denied-$n") }.statusCode shouldBe
                        403
                }

                val (inactive, _, _) = deviceInGroup("gg-inactive-$n")
                emu.setCertificateStatus(inactive.certificateId, CertificateStatus.INACTIVE)
                discoveryClient(emu, inactive) { this.engine = engine }.use {
                    val e = shouldThrow<DiscoveryClientException> { it.discover("gg-inactive-$n") }
                    e.message shouldContain "${emu.endpoint}:${emu.port8443}"
                }
                emu.awaitEvent { it is EmulatorEvent.ConnectionRefused && it.listener == EmulatorEvent.LISTENER_8443 }
            }
        }

        test(
            "429 is retried with backoff until it succeeds, and surfaces as DiscoveryThrottlingException when " +
                "retries run out",
        ) {
            val (device, _, _) = deviceInGroup("gg-throttled")
            discoveryClient(emu, device) { throttleRetries = 3 }.use { discovery ->
                val before = gg.discoveryRequests
                gg.throttleDiscovery(2)
                discovery.discover("gg-throttled").allGroups shouldHaveSize 1
                gg.discoveryRequests - before shouldBe 3
            }
            discoveryClient(emu, device) { throttleRetries = 1 }.use { discovery ->
                gg.throttleDiscovery(5)
                val e = shouldThrow<DiscoveryThrottlingException> { discovery.discover("gg-throttled") }
                e.isRetryable shouldBe true
                e.statusCode shouldBe 429
                gg.throttleDiscovery(0)
            }
        }

        test("an invalid thing name is refused before anything is sent") {
            val device = emu.registerThing("gg-name")
            discoveryClient(emu, device).use {
                shouldThrow<DiscoveryClientException> { it.discover("../etc/passwd") }.message shouldContain
                    "thing name"
            }
        }

        test(
            "connectToCore tries every entry in order and reports each failure: unreachable, wrong server certificate",
        ) {
            val (device, group, core) = deviceInGroup("gg-fallback")
            val closedPort = ServerSocket(0).use { it.localPort }
            gg.setConnectivity(
                group.groupId,
                listOf(
                    EmulatedConnectivity("unreachable", "127.0.0.1", closedPort),
                    EmulatedConnectivity("wrong-cert", "127.0.0.1", emu.mqttPort),
                    core.connectivity,
                ),
            )
            discoveryClient(emu, device).use { discovery ->
                val info = discovery.discover("gg-fallback")
                val connection = discovery.connectToCore(info, "gg-fallback")
                connection.client.use {
                    connection.endpoint.connectivity.id shouldBe core.connectivity.id
                    connection.failedAttempts.map { it.endpoint.connectivity.id } shouldBe
                        listOf("unreachable", "wrong-cert")
                }
                gg.setConnectivity(
                    group.groupId,
                    listOf(
                        EmulatedConnectivity("unreachable", "127.0.0.1", closedPort),
                        EmulatedConnectivity("wrong-cert", "127.0.0.1", emu.mqttPort),
                    ),
                )
                val e =
                    shouldThrow<CoreConnectException> {
                        discovery.connectToCore(discovery.discover("gg-fallback"), "gg-fallback")
                    }
                e.attempts.map { it.endpoint.connectivity.id } shouldBe listOf("unreachable", "wrong-cert")
                e.attempts.forEach { (it.reason.isNotBlank()) shouldBe true }
                e.message shouldContain "127.0.0.1:$closedPort"
                e.message shouldContain "127.0.0.1:${emu.mqttPort}"
            }
        }

        test("the ordering hook reorders and filters the endpoints") {
            val (device, group, core) = deviceInGroup("gg-order")
            val closedPort = ServerSocket(0).use { it.localPort }
            gg.setConnectivity(
                group.groupId,
                listOf(EmulatedConnectivity("dead", "127.0.0.1", closedPort), core.connectivity),
            )
            discoveryClient(emu, device).use { discovery ->
                val info = discovery.discover("gg-order")
                val options = CoreConnectOptions {
                    order =
                        CoreEndpointOrder { list -> list.filter { it.connectivity.id != "dead" } }
                }
                val connection = discovery.connectToCore(info, "gg-order", options)
                connection.client.use { connection.failedAttempts shouldBe emptyList() }
                val none = CoreConnectOptions { order = CoreEndpointOrder { emptyList() } }
                shouldThrow<CoreConnectException> { discovery.connectToCore(info, "gg-order", none) }.attempts shouldBe
                    emptyList()
            }
        }

        test("a group CA that does not parse is a failed attempt naming the group") {
            val (device, group, _) = deviceInGroup("gg-bad-ca")
            gg.setGroupCas(
                group.groupId,
                listOf("-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"),
            )
            discoveryClient(emu, device).use { discovery ->
                val e =
                    shouldThrow<CoreConnectException> {
                        discovery.connectToCore(discovery.discover("gg-bad-ca"), "gg-bad-ca")
                    }
                e.attempts.single().reason shouldContain "CA of group ${group.groupId} does not parse"
            }
        }

        test("a core whose attempt never completes fails within the attempt timeout") {
            val (device, group, _) = deviceInGroup("gg-silent")
            ServerSocket(0, 50, InetAddress.getLoopbackAddress()).use { silent ->
                gg.setConnectivity(group.groupId, listOf(EmulatedConnectivity("silent", "127.0.0.1", silent.localPort)))
                discoveryClient(emu, device).use { discovery ->
                    val options = CoreConnectOptions { attemptTimeout = Duration.parse("500ms") }
                    val e =
                        shouldThrow<CoreConnectException> {
                            discovery.connectToCore(discovery.discover("gg-silent"), "gg-silent", options)
                        }
                    e.attempts.single().endpoint.connectivity.id shouldBe "silent"
                }
            }
        }

        for (engine in listOf(HttpEngine.JAVA, HttpEngine.OKHTTP)) {
            test("[$engine] malformed, truncated, oversized and stalled discovery answers are typed errors") {
                val device = emu.registerThing("gg-raw-${engine.name.lowercase()}")
                fun rawClient(server: RawTlsServer, block: GreengrassDiscoveryConfig.Builder.() -> Unit = {}) =
                    discoveryClient(emu, device) {
                        this.engine = engine
                        port = server.port
                        trust = TrustMaterial.fromPem(server.certificatePem)
                        block()
                    }
                fun ok(body: String, declared: Int = body.toByteArray().size) = (
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                        "$declared\r\nConnection: close\r\n\r\n$body"
                    ).toByteArray()

                RawTlsServer { it.write(ok("<html>not json</html>")) }.use { server ->
                    rawClient(server).use {
                        shouldThrow<DiscoveryResponseException> { it.discover(device.thingName) }.message shouldContain
                            "not a discovery response"
                    }
                }
                RawTlsServer {
                    it.write(ok("""{"GGGroups":[{"GGGroupId":"g","Cores":[""", declared = 500))
                }.use { server ->
                    rawClient(server).use { shouldThrow<DiscoveryClientException> { it.discover(device.thingName) } }
                }
                RawTlsServer { it.write(ok("""{"GGGroups":[{"GGGroupId":"g","Cores":[""")) }.use { server ->
                    rawClient(server).use { shouldThrow<DiscoveryResponseException> { it.discover(device.thingName) } }
                }
                RawTlsServer { it.write(ok("""{"GGGroups":[]}""" + " ".repeat(5000))) }.use { server ->
                    rawClient(server) { maxResponseBytes = 1000 }.use {
                        shouldThrow<DiscoveryResponseException> { it.discover(device.thingName) }.message shouldContain
                            "1000"
                    }
                }
                RawTlsServer {
                    it.write(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2000\r\n".toByteArray() +
                            ByteArray(0x2000) { ' '.code.toByte() } +
                            "\r\n0\r\n\r\n".toByteArray(),
                    )
                }.use { server ->
                    rawClient(server) {
                        maxResponseBytes = 1000
                    }.use { shouldThrow<DiscoveryResponseException> { it.discover(device.thingName) } }
                }
                for (poison in listOf(
                    """{"GGGroups":[{"GGGroupId":"g","Cores":[{"thingArn":"a","Connectivity":"SECRET"}],"CAs":"SECRET"}]}""",
                    """{"GGGroups":[{"GGGroupId":"g","CAs":["SECRET""",
                )) {
                    RawTlsServer { it.write(ok(poison)) }.use { server ->
                        rawClient(server).use {
                            val e = shouldThrow<DiscoveryResponseException> { it.discover(device.thingName) }
                            StringWriter().also { w -> e.printStackTrace(PrintWriter(w)) }.toString() shouldNotContain
                                "SECRET"
                        }
                    }
                }
                RawTlsServer { Thread.sleep(5_000) }.use { server ->
                    rawClient(server) { timeout = Duration.parse("500ms") }.use {
                        shouldThrow<DiscoveryClientException> { it.discover(device.thingName) }.message shouldContain
                            "timed out"
                    }
                }
                RawTlsServer {
                    it.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n".toByteArray())
                }.use { server ->
                    rawClient(server).use {
                        val e = shouldThrow<DiscoveryServiceException> { it.discover(device.thingName) }
                        e.statusCode shouldBe 503
                        e.isRetryable shouldBe true
                    }
                }
            }
        }
    })
