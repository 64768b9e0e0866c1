// Imported first by bench/main.ts: turns off the AWS SDK's notice about Node versions it will need after 2027
// (printed on every run under Node 20) with the SDK's own switch. Other warnings are untouched.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
