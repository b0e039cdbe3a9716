// Root hooks shared by every test file. Tests log nothing unless LOG_LEVEL says so.
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
process.noDeprecation = true;
