package dev.iotsdk.emulator.controlplane

import dev.iotsdk.emulator.IotEmulatorExtension
import dev.iotsdk.emulator.Tls
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.extensions.install
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.greengrass.GreengrassClient
import software.amazon.awssdk.services.greengrass.model.ConnectivityInfo
import software.amazon.awssdk.services.greengrassv2.GreengrassV2Client
import software.amazon.awssdk.services.greengrassv2.model.AssociateClientDeviceWithCoreDeviceEntry
import software.amazon.awssdk.services.greengrassv2.model.ResourceNotFoundException
import java.net.URI

class GreengrassApiTest :
    FunSpec({
        val emu = install(IotEmulatorExtension())
        val http by lazy {
            ApacheHttpClient.builder().tlsTrustManagersProvider { Tls.tmf(emu.caCertificatePem).trustManagers }.build()
        }
        val credentials by lazy {
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emu.credentials.accessKeyId, emu.credentials.secretAccessKey),
            )
        }
        val endpoint by lazy { URI("https://localhost:${emu.port443}") }

        test(
            "Greengrass v2 associates client devices with a core; v1 UpdateConnectivityInfo sets what discovery " +
                "returns",
        ) {
            val group = emu.greengrass.createGroup("gg-api-group", "gg-api-core")
            emu.registerThing("gg-api-device")
            GreengrassV2Client.builder().region(
                Region.of(emu.region),
            ).credentialsProvider(credentials).endpointOverride(endpoint).httpClient(http).build().use { v2 ->
                v2.batchAssociateClientDeviceWithCoreDevice {
                    it.coreDeviceThingName(
                        "gg-api-core",
                    ).entries(AssociateClientDeviceWithCoreDeviceEntry.builder().thingName("gg-api-device").build())
                }.errorEntries() shouldBe emptyList()
                v2.listClientDevicesAssociatedWithCoreDevice {
                    it.coreDeviceThingName("gg-api-core")
                }.associatedClientDevices().map { it.thingName() } shouldContainExactly
                    listOf("gg-api-device")
                shouldThrow<ResourceNotFoundException> {
                    v2.batchAssociateClientDeviceWithCoreDevice {
                        it.coreDeviceThingName(
                            "no-core",
                        ).entries(AssociateClientDeviceWithCoreDeviceEntry.builder().thingName("gg-api-device").build())
                    }
                }.statusCode() shouldBe 404
            }
            GreengrassClient.builder().region(
                Region.of(emu.region),
            ).credentialsProvider(credentials).endpointOverride(endpoint).httpClient(http).build().use { v1 ->
                v1.updateConnectivityInfo {
                    it.thingName(
                        "gg-api-core",
                    ).connectivityInfo(
                        ConnectivityInfo.builder().id(
                            "lan",
                        ).hostAddress("10.0.0.5").portNumber(8883).metadata("").build(),
                    )
                }
                v1.getConnectivityInfo {
                    it.thingName("gg-api-core")
                }.connectivityInfo().single().hostAddress() shouldBe
                    "10.0.0.5"
            }
            emu.greengrass.connectivity(group.groupId).single().portNumber shouldBe 8883
        }
    })
