package dev.iotsdk.emulator.controlplane

import dev.iotsdk.emulator.IotEmulator
import dev.iotsdk.emulator.Tls
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.iot.IotClient
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient
import java.net.URI

/** The AWS SDK for Java v2 IoT client pointed at [emu]'s 443 listener, trusting the emulator CA. */
fun awsIotClient(
    emu: IotEmulator,
    accessKeyId: String = emu.credentials.accessKeyId,
    secret: String = emu.credentials.secretAccessKey,
): IotClient = IotClient.builder().pointedAt(emu, accessKeyId, secret)

/** AWS's iot-data client (AWS SDK for Java v2) pointed at [emu]'s 443 listener, trusting the emulator CA. */
fun awsDataPlaneClient(emu: IotEmulator): IotDataPlaneClient = IotDataPlaneClient.builder().pointedAt(
    emu,
    emu.credentials.accessKeyId,
    emu.credentials.secretAccessKey,
)

/** Region, static credentials, the 443 endpoint and an Apache HTTP client trusting the emulator CA. */
fun <B, C> B.pointedAt(
    emu: IotEmulator,
    accessKeyId: String = emu.credentials.accessKeyId,
    secret: String = emu.credentials.secretAccessKey,
): C
    where B : AwsClientBuilder<B, C>, B : AwsSyncClientBuilder<B, C> = region(Region.of(emu.region))
    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
    .endpointOverride(URI("https://localhost:${emu.port443}"))
    .httpClient(
        ApacheHttpClient.builder().tlsTrustManagersProvider {
            Tls.tmf(emu.caCertificatePem).trustManagers
        }.build(),
    )
    .build()
