package dev.iotsdk.greengrass

import dev.iotsdk.auth.TlsIdentity
import dev.iotsdk.common.HttpEngine
import dev.iotsdk.core.InvalidConfigurationException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.net.Socket
import java.security.Principal
import java.security.PrivateKey
import java.security.cert.X509Certificate
import javax.net.ssl.X509KeyManager

class GreengrassDiscoveryConfigTest :
    FunSpec({
        val identity = TlsIdentity.fromKeyManager(
            object : X509KeyManager {
                override fun getClientAliases(keyType: String?, issuers: Array<out Principal>?): Array<String>? = null
                override fun chooseClientAlias(
                    keyType: Array<out String>?,
                    issuers: Array<out Principal>?,
                    socket: Socket?,
                ): String? = null
                override fun getServerAliases(keyType: String?, issuers: Array<out Principal>?): Array<String>? = null
                override fun chooseServerAlias(
                    keyType: String?,
                    issuers: Array<out Principal>?,
                    socket: Socket?,
                ): String? = null
                override fun getCertificateChain(alias: String?): Array<X509Certificate>? = null
                override fun getPrivateKey(alias: String?): PrivateKey? = null
            },
        )

        test("the endpoint is derived from the region like the v2 SDKs, China regions included") {
            GreengrassDiscoveryConfig {
                region = "us-west-2"
                this.identity = identity
            }.endpoint shouldBe
                "greengrass-ats.iot.us-west-2.amazonaws.com"
            GreengrassDiscoveryConfig.endpointForRegion("cn-north-1") shouldBe
                "greengrass-ats.iot.cn-north-1.amazonaws.com.cn"
            GreengrassDiscoveryConfig {
                region = "eu-west-1"
                endpoint = "gg.example"
                this.identity = identity
            }.endpoint shouldBe
                "gg.example"
        }

        test("port follows ALPN: 8443 without, 443 with; an explicit port wins") {
            GreengrassDiscoveryConfig {
                region = "us-east-1"
                this.identity = identity
            }.port shouldBe 8443
            GreengrassDiscoveryConfig {
                region = "us-east-1"
                alpn = true
                this.identity = identity
            }.port shouldBe 443
            GreengrassDiscoveryConfig {
                region = "us-east-1"
                port = 1234
                this.identity = identity
            }.port shouldBe 1234
        }

        test("missing or invalid settings are InvalidConfigurationException naming the setting") {
            shouldThrow<InvalidConfigurationException> {
                GreengrassDiscoveryConfig { this.identity = identity }
            }.message shouldContain
                "region"
            shouldThrow<InvalidConfigurationException> {
                GreengrassDiscoveryConfig { region = "us-east-1" }
            }.message shouldContain
                "identity"
            shouldThrow<InvalidConfigurationException> {
                GreengrassDiscoveryConfig {
                    region = "us-east-1"
                    port = 0
                    this.identity =
                        identity
                }
            }
            shouldThrow<InvalidConfigurationException> {
                GreengrassDiscoveryConfig {
                    region = "us-east-1"
                    maxResponseBytes =
                        0
                    this.identity = identity
                }
            }
            GreengrassDiscoveryConfig {
                region = "us-east-1"
                this.identity = identity
            }.toBuilder().build().endpoint shouldBe
                "greengrass-ats.iot.us-east-1.amazonaws.com"
        }

        test("the engine is JAVA by default; OKHTTP (Android) is refused with ALPN, which OkHttp cannot offer") {
            GreengrassDiscoveryConfig {
                region = "us-east-1"
                this.identity = identity
            }.engine shouldBe HttpEngine.JAVA
            val okhttp = GreengrassDiscoveryConfig.builder().region(
                "us-east-1",
            ).identity(identity).engine(HttpEngine.OKHTTP).build()
            okhttp.engine shouldBe HttpEngine.OKHTTP
            okhttp.toBuilder().build().engine shouldBe HttpEngine.OKHTTP
            val e = shouldThrow<InvalidConfigurationException> { okhttp.toBuilder().alpn(true).build() }
            e.message shouldContain "HttpEngine.JAVA"
            e.message shouldContain "8443"
        }
    })
