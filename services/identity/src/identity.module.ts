import { Module, type DynamicModule } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService, IDENTITY_CONFIG, TOKEN_ISSUER_PROVIDER } from './auth.service';
import type { IdentityConfig } from './identity.config';
import { IdentityRepository } from './identity.repository';
import { TokenIssuer } from './token-issuer';

@Module({})
export class IdentityModule {
  static withConfig(config: IdentityConfig): DynamicModule {
    return {
      module: IdentityModule,
      controllers: [AuthController],
      providers: [
        { provide: IDENTITY_CONFIG, useValue: config },
        {
          provide: TOKEN_ISSUER_PROVIDER,
          useFactory: () => new TokenIssuer(config.IPLEDGER_JWT_PRIVATE_KEY, config.IPLEDGER_TOKEN_TTL_SECONDS),
        },
        AuthService,
        IdentityRepository,
      ],
    };
  }
}
