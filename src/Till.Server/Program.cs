var b = WebApplication.CreateBuilder(args);
