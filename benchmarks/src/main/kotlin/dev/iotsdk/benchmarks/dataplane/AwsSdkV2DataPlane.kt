package dev.iotsdk.benchmarks.dataplane

import dev.iotsdk.benchmarks.clients.Pem
import dev.iotsdk.emulator.IotEmulator
import kotlinx.coroutines.Dispatchers
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.core.SdkBytes
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import java.net.URI
import kotlin.coroutines.CoroutineContext
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider as AwsStaticCredentialsProvider
import software.amazon.awssdk.services.iotdataplane.IotDataPlaneClient as AwsIotDataPlaneClient

/**
 * The AWS SDK for Java v2 `IotDataPlaneClient` (synchronous, on its Apache HTTP client with the emulator CA as its
 * only trust anchor), with the same endpoint, region and static credentials as our row.
 */
internal class AwsSdkV2DataPlane(emulator: IotEmulator) : DataPlaneCalls {
    private val http = ApacheHttpClient.builder()
        .tlsTrustManagersProvider { Pem.trustManagerFactory(emulator.caPath).trustManagers }
        .build()
    private val client = AwsIotDataPlaneClient.builder()
        .endpointOverride(URI("https://localhost:${emulator.port443}"))
        .region(Region.of(emulator.region))
        .credentialsProvider(
            AwsStaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulator.credentials.accessKeyId, emulator.credentials.secretAccessKey),
            ),
        )
        .httpClient(http)
        .build()

    /** Each loop blocks its own thread, as an application on the synchronous client does. */
    override val loopContext: CoroutineContext = Dispatchers.IO

    override suspend fun getThingShadow(thingName: String) {
        client.getThingShadow { it.thingName(thingName) }.payload().asByteArrayUnsafe()
    }

    override suspend fun publish(topic: String, payload: ByteArray) {
        client.publish { it.topic(topic).qos(1).payload(SdkBytes.fromByteArray(payload)) }
    }

    override fun close() {
        client.close()
        http.close()
    }
}
