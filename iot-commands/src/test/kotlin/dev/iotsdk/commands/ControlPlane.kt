package dev.iotsdk.commands

import dev.iotsdk.emulator.IotEmulator
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
import software.amazon.awssdk.core.SdkBytes
import software.amazon.awssdk.http.apache.ApacheHttpClient
import software.amazon.awssdk.regions.Region
import software.amazon.awssdk.services.iot.IotClient
import software.amazon.awssdk.services.iot.model.CommandPayload
import software.amazon.awssdk.services.iot.model.CreateCommandRequest
import software.amazon.awssdk.services.iot.model.GetCommandExecutionRequest
import software.amazon.awssdk.services.iot.model.GetCommandExecutionResponse
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient
import software.amazon.awssdk.services.iotjobsdataplane.model.StartCommandExecutionRequest
import java.io.ByteArrayInputStream
import java.net.URI
import java.security.KeyStore
import java.security.cert.CertificateFactory
import javax.net.ssl.TrustManagerFactory

/**
 * AWS's own SDK for Java v2 pointed at the emulator's 443 listener: the `iot` client for the commands control plane and
 * the `iot-jobs-data` client for StartCommandExecution, as an application would call them.
 */
class ControlPlane(private val emu: IotEmulator) : AutoCloseable {
    private val credentials = StaticCredentialsProvider.create(
        AwsBasicCredentials.create(emu.credentials.accessKeyId, emu.credentials.secretAccessKey),
    )
    private val http = ApacheHttpClient.builder().tlsTrustManagersProvider { trust().trustManagers }.build()
    private val endpoint = URI("https://localhost:${emu.port443}")

    val iot: IotClient = IotClient.builder().region(Region.of(emu.region)).credentialsProvider(credentials)
        .endpointOverride(endpoint).httpClient(http).build()
    val jobsData: IotJobsDataPlaneClient = IotJobsDataPlaneClient.builder().region(Region.of(emu.region))
        .credentialsProvider(credentials).endpointOverride(endpoint).httpClient(http).build()

    fun thingArn(thing: String) = "arn:aws:iot:${emu.region}:${emu.accountId}:thing/$thing"

    fun clientArn(clientId: String) = "arn:aws:iot:${emu.region}:${emu.accountId}:client/$clientId"

    /** CreateCommand with a static [payload] of [contentType] (none: AWS's default); returns the command ARN. */
    fun createCommand(commandId: String, payload: ByteArray, contentType: String?): String = iot.createCommand(
        CreateCommandRequest.builder().commandId(commandId).payload(
            CommandPayload.builder().content(SdkBytes.fromByteArray(payload)).apply {
                if (contentType != null) contentType(contentType)
            }.build(),
        ).build(),
    ).commandArn()

    /** StartCommandExecution on the jobs data plane; returns the execution id. */
    fun start(commandArn: String, targetArn: String, timeoutSeconds: Long? = null): String =
        jobsData.startCommandExecution(
            StartCommandExecutionRequest.builder().commandArn(commandArn).targetArn(targetArn)
                .executionTimeoutSeconds(timeoutSeconds).build(),
        ).executionId()

    fun get(executionId: String, targetArn: String): GetCommandExecutionResponse = iot.getCommandExecution(
        GetCommandExecutionRequest.builder().executionId(executionId).targetArn(targetArn).includeResult(true).build(),
    )

    private fun trust(): TrustManagerFactory {
        val cert = CertificateFactory.getInstance("X.509")
            .generateCertificate(ByteArrayInputStream(emu.caCertificatePem.encodeToByteArray()))
        val store = KeyStore.getInstance(KeyStore.getDefaultType()).apply {
            load(null, null)
            setCertificateEntry("emulator-ca", cert)
        }
        return TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).apply { init(store) }
    }

    override fun close() {
        iot.close()
        jobsData.close()
        http.close()
    }
}
