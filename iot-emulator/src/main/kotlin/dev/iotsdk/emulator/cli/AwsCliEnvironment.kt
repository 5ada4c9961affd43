package dev.iotsdk.emulator.cli

import dev.iotsdk.emulator.IotEmulator

/**
 * The ready-to-paste POSIX shell block that points the AWS CLI (and any AWS SDK that reads the standard variables) at
 * a running emulator: the emulator's own local administrator credentials (`AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`; local test credentials, printed on purpose), `AWS_DEFAULT_REGION`, `AWS_CA_BUNDLE` (the
 * emulator's CA file: without it the CLI fails certificate verification) and `AWS_ENDPOINT_URL` (read by AWS CLI
 * v2.13+ and v1.29+; older CLIs take the same URL as `--endpoint-url`).
 *
 * ```
 * AwsCliEnvironment.lines(emulator).forEach(::println)
 * ```
 */
internal object AwsCliEnvironment {
    /** The HTTPS endpoint URL of the emulator's AWS APIs (control plane, data plane, Cognito, Greengrass, IAM). */
    fun endpointUrl(emulator: IotEmulator): String = "https://${emulator.endpoint}:${emulator.port443}"

    /** The block, one shell line each: `export` lines, then a comment with the `--endpoint-url` form. */
    fun lines(emulator: IotEmulator): List<String> = listOf(
        "export AWS_ACCESS_KEY_ID=${quote(emulator.credentials.accessKeyId)}",
        "export AWS_SECRET_ACCESS_KEY=${quote(emulator.credentials.secretAccessKey)}",
        "export AWS_DEFAULT_REGION=${quote(emulator.region)}",
        "export AWS_CA_BUNDLE=${quote(emulator.caPath.toAbsolutePath().toString())}",
        "export AWS_ENDPOINT_URL=${quote(endpointUrl(emulator))}",
        "# AWS CLI before v2.13 / v1.29: aws iot list-things --endpoint-url ${endpointUrl(emulator)}",
    )

    /** [value] in single quotes, safe for any POSIX shell whatever it holds (a path with spaces or quotes). */
    private fun quote(value: String): String = "'" + value.replace("'", "'\\''") + "'"
}
