import { Module } from '@nestjs/common';
import { PlatformSandboxHost } from './platform-sandbox.host.js';

@Module({ providers: [PlatformSandboxHost], exports: [PlatformSandboxHost] })
export class PlatformsModule {}
